package gallery.auth;

/**
 * Whether the person behind an access token whose signature and claims already verified may still
 * come in. A token is a bearer credential that outlives what the family decides (an hour in AWS, a
 * day in cognito-local): a disabled, removed or signed-out user must be refused before it expires.
 */
@FunctionalInterface
public interface UserCheck {
    /**
     * @return the user's profile when they may come in
     * @throws InvalidTokenException when the user is disabled, removed or signed out (the token is revoked)
     * @throws UserCheckUnavailableException when the user pool cannot answer now
     */
    UserProfile check(String accessToken) throws InvalidTokenException;
}
