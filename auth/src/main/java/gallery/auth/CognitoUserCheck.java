package gallery.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cognito's GetUser, authorised by the access token itself (no IAM permission, so neither the signer
 * nor the api role needs one). Cognito answers NotAuthorized for a token revoked by a global sign-out
 * and for a disabled user (AdminDisableUser revokes the user's tokens), UserNotFound for a removed
 * one. https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html
 * <p>
 * Answers are kept per token for {@code ttl} (at most a minute), so a page of thumbnails costs one
 * call, and a revocation reaches every request within {@code ttl}. Refusals are kept too: a revoked
 * token does not come back. Failures to ask (network, throttling) are not kept.
 */
public final class CognitoUserCheck implements UserCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CognitoUserCheck.class);
    /** Beyond this many tokens held, expired answers are dropped; a family has a handful of live tokens. */
    static final int MAX_ENTRIES = 10_000;

    private record Answer(Instant until, UserProfile profile, String refusal) {
    }

    private final CognitoIdentityProviderClient cognito;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public CognitoUserCheck(CognitoIdentityProviderClient cognito, Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.compareTo(CognitoConfig.MAX_USER_CHECK_TTL) > 0) {
            throw new IllegalArgumentException("the user check may be kept 0.." + CognitoConfig.MAX_USER_CHECK_TTL + ", got " + ttl);
        }
        this.cognito = cognito;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public UserProfile check(String accessToken) throws InvalidTokenException {
        Instant now = clock.instant();
        Answer answer = answers.get(accessToken);
        if (answer == null || !now.isBefore(answer.until)) {
            answer = ask(accessToken, now.plus(ttl));
            if (!ttl.isZero()) remember(accessToken, answer, now);
        }
        if (answer.refusal != null) throw new InvalidTokenException(answer.refusal);
        return answer.profile;
    }

    private Answer ask(String accessToken, Instant until) {
        try {
            List<AttributeType> attributes = cognito.getUser(b -> b.accessToken(accessToken)).userAttributes();
            return new Answer(until, profile(attributes), null);
        } catch (NotAuthorizedException | UserNotFoundException | PasswordResetRequiredException | UserNotConfirmedException e) {
            return new Answer(until, null, "the user pool refuses the token: " + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            LOG.warn("cannot ask the user pool about a token: {}", e.getMessage());
            throw new UserCheckUnavailableException("the user pool cannot be asked now: " + e.getMessage(), e);
        }
    }

    private void remember(String token, Answer answer, Instant now) {
        if (answers.size() >= MAX_ENTRIES) {
            answers.values().removeIf(a -> !now.isBefore(a.until));
            if (answers.size() >= MAX_ENTRIES) answers.clear();
        }
        answers.put(token, answer);
    }

    /** The display name ({@code name}, else given + family name) and e-mail among Cognito's attributes. */
    static UserProfile profile(List<AttributeType> attributes) {
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
        return new UserProfile(name, email);
    }

    int cached() {
        return answers.size();
    }
}
