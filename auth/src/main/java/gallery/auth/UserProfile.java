package gallery.auth;

/**
 * What Cognito says about a user beyond the access token's claims: access tokens carry neither the
 * name nor the e-mail (only ID tokens do, and the gallery is given access tokens).
 */
public record UserProfile(String name, String email) {
    public static final UserProfile UNKNOWN = new UserProfile(null, null);
}
