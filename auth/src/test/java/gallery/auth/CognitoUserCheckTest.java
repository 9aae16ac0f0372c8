package gallery.auth;

import gallery.testing.MutableClock;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CognitoUserCheckTest {
    private static AttributeType a(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    /** GetUser answered by {@code answer}; every call recorded. */
    private static final class FakePool implements CognitoIdentityProviderClient {
        final List<String> calls = new ArrayList<>();
        Function<String, GetUserResponse> answer = token -> GetUserResponse.builder()
                .username("u").userAttributes(a("name", "Ann"), a("email", "ann@example.org")).build();

        @Override
        public GetUserResponse getUser(GetUserRequest request) {
            calls.add(request.accessToken());
            return answer.apply(request.accessToken());
        }

        @Override
        public String serviceName() {
            return "cognito-idp";
        }

        @Override
        public void close() {
        }
    }

    private final FakePool pool = new FakePool();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final CognitoUserCheck check = new CognitoUserCheck(pool, Duration.ofMinutes(1), clock);

    @Test
    void asksThePoolOncePerTokenAndMinute() throws Exception {
        assertThat(check.check("t1")).isEqualTo(new UserProfile("Ann", "ann@example.org"));
        check.check("t1");
        clock.advance(Duration.ofSeconds(59));
        check.check("t1");
        assertThat(pool.calls).containsExactly("t1");
        clock.advance(Duration.ofSeconds(1));
        check.check("t1");
        check.check("t2");
        assertThat(pool.calls).containsExactly("t1", "t1", "t2");
    }

    @Test
    void aUserThePoolRefusesIsRefusedWithinTheMinute() throws Exception {
        check.check("t1");
        pool.answer = token -> {
            throw NotAuthorizedException.builder().awsErrorDetails(AwsErrorDetails.builder().errorMessage("User is disabled.").build()).build();
        };
        check.check("t1"); // still the answer of a moment ago
        clock.advance(Duration.ofSeconds(60));
        assertThatThrownBy(() -> check.check("t1")).isInstanceOf(InvalidTokenException.class).hasMessageContaining("User is disabled.");
        assertThatThrownBy(() -> check.check("t1")).isInstanceOf(InvalidTokenException.class);
        assertThat(pool.calls).hasSize(2); // the refusal is kept too
    }

    @Test
    void aRemovedUserIsRefused() {
        pool.answer = token -> {
            throw UserNotFoundException.builder().awsErrorDetails(AwsErrorDetails.builder().errorMessage("User does not exist.").build()).build();
        };
        assertThatThrownBy(() -> check.check("t1")).isInstanceOf(InvalidTokenException.class).hasMessageContaining("does not exist");
    }

    @Test
    void aPoolThatCannotBeReachedIsNotARefusalAndIsAskedAgain() {
        pool.answer = token -> {
            throw SdkClientException.create("connection refused");
        };
        assertThatThrownBy(() -> check.check("t1")).isInstanceOf(UserCheckUnavailableException.class);
        assertThatThrownBy(() -> check.check("t1")).isInstanceOf(UserCheckUnavailableException.class);
        assertThat(pool.calls).hasSize(2);
    }

    @Test
    void noAnswerIsKeptLongerThanAMinute() {
        assertThatThrownBy(() -> new CognitoUserCheck(pool, Duration.ofMinutes(2), clock)).isInstanceOf(IllegalArgumentException.class);
        assertThat(check.cached()).isZero();
    }

    @Test
    void takesNameAndEmail() {
        assertThat(CognitoUserCheck.profile(List.of(a("sub", "x"), a("name", "Ann Smith"), a("email", "ann@example.org"))))
                .isEqualTo(new UserProfile("Ann Smith", "ann@example.org"));
    }

    @Test
    void buildsTheNameFromGivenAndFamilyNamesWhenThereIsNoName() {
        assertThat(CognitoUserCheck.profile(List.of(a("given_name", "Ann"), a("family_name", "Smith"))).name()).isEqualTo("Ann Smith");
        assertThat(CognitoUserCheck.profile(List.of(a("given_name", "Ann"))).name()).isEqualTo("Ann");
    }

    @Test
    void leavesOutWhatTheUserDoesNotHave() {
        assertThat(CognitoUserCheck.profile(List.of(a("sub", "x")))).isEqualTo(UserProfile.UNKNOWN);
    }
}
