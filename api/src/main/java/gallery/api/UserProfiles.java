package gallery.api;

import java.util.Optional;

/**
 * Where a user's display name and e-mail come from. Cognito access tokens carry neither (only the
 * ID token does, and the API is given access tokens), so they are looked up with the token itself.
 */
public interface UserProfiles {
    record Profile(String name, String email) {
    }

    /** The profile of the user the (already verified) access token belongs to; empty if it cannot be had. */
    Optional<Profile> find(String accessToken);
}
