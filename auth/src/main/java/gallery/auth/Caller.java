package gallery.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Who a verified Cognito access token speaks for.
 *
 * @param username  Cognito's {@code username} claim (the sign-in name)
 * @param sub       the user's stable id
 * @param groups    {@code cognito:groups}, empty when the user is in none
 * @param clientId  the app client the token was issued to
 * @param expiresAt the token's {@code exp}; a session made from it may not outlive it
 */
public record Caller(String username, String sub, Set<String> groups, String clientId, Instant expiresAt) {
    public Caller {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sub, "sub");
        groups = Set.copyOf(groups);
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
