package gallery.auth;

import java.util.Objects;

/**
 * The one way the signer and the api learn who is calling: the access token verified offline
 * ({@link AccessTokenVerifier}), then the user checked with the pool ({@link UserCheck}), so a
 * disabled, removed or signed-out user is refused at once, not when their token expires.
 */
public final class Authenticator {
    /** A caller who may come in, with the token they came with and what the pool says of them. */
    public record Authenticated(Caller caller, String token, UserProfile profile) {
    }

    private final AccessTokenVerifier tokens;
    private final UserCheck users;

    public Authenticator(AccessTokenVerifier tokens, UserCheck users) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.users = Objects.requireNonNull(users, "users");
    }

    /**
     * @param authorization the {@code Authorization} header, {@code Bearer <access token>}
     * @throws InvalidTokenException for a bad token or a user the pool refuses (message for logs only)
     * @throws UserCheckUnavailableException when the pool cannot be asked
     */
    public Authenticated authenticate(String authorization) throws InvalidTokenException {
        String token = AccessTokenVerifier.bearerToken(authorization);
        Caller caller = tokens.verify(token);
        // Signature and claims first: the pool is only asked about tokens it issued.
        UserProfile profile = users.check(token);
        return new Authenticated(caller, token, profile);
    }
}
