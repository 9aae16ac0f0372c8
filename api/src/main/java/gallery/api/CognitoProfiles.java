package gallery.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;

import java.util.List;
import java.util.Optional;

/**
 * Cognito's GetUser, authorised by the user's own access token (no IAM permission involved, so the
 * API's role needs none). A failure only costs the name and e-mail on {@code /api/me}: the token was
 * already verified, so who the caller is does not depend on this call.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html
 */
public final class CognitoProfiles implements UserProfiles {
    private static final Logger LOG = LoggerFactory.getLogger(CognitoProfiles.class);
    private final CognitoIdentityProviderClient cognito;

    public CognitoProfiles(CognitoIdentityProviderClient cognito) {
        this.cognito = cognito;
    }

    @Override
    public Optional<Profile> find(String accessToken) {
        try {
            GetUserResponse user = cognito.getUser(b -> b.accessToken(accessToken));
            return Optional.of(profile(user.userAttributes()));
        } catch (SdkException e) {
            LOG.warn("cannot read the user's profile from Cognito: {}", e.getMessage());
            return Optional.empty();
        }
    }

    static Profile profile(List<AttributeType> attributes) {
        String name = null;
        String given = null;
        String family = null;
        String email = null;
        for (AttributeType a : attributes) {
            switch (a.name()) {
                case "name" -> name = a.value();
                case "given_name" -> given = a.value();
                case "family_name" -> family = a.value();
                case "email" -> email = a.value();
                default -> {
                }
            }
        }
        if (name == null && (given != null || family != null)) {
            name = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
        }
        return new Profile(name, email);
    }
}
