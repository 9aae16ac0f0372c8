package gallery.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttribute;
import software.amazon.awscdk.services.cognito.StandardAttributes;
import software.amazon.awscdk.services.cognito.UserInvitationConfig;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolGroup;
import software.constructs.Construct;

/**
 * Who may look: a Cognito user pool only an admin adds people to (no self sign-up), signing in by
 * e-mail case-insensitively, a web client that signs in with SRP (the password never leaves the
 * browser), has no secret (a browser cannot keep one) and no OAuth flow, and the {@value #ADMIN_GROUP}
 * group the api checks for admin-only answers.
 */
public final class Auth extends Construct {
    public static final String ADMIN_GROUP = "admins";
    /** How long a signed-in browser may call the API and hold signed cookies before refreshing. */
    public static final Duration ACCESS_TOKEN_VALIDITY = Duration.hours(1);
    public static final Duration REFRESH_TOKEN_VALIDITY = Duration.days(30);
    /** An invitation's temporary password: long enough for a relative to get round to it. */
    public static final Duration INVITATION_VALIDITY = Duration.days(7);

    private final UserPool pool;
    private final UserPoolClient webClient;

    public Auth(Construct scope, String id) {
        super(scope, id);
        this.pool = UserPool.Builder.create(this, "Users")
                .selfSignUpEnabled(false)
                // Grandma@Example.org signs in as grandma@example.org. Fixed when the pool is made: changing it
                // replaces the (retained) pool, and everyone must be invited again (docs/deploy.md).
                .signInCaseSensitive(false)
                .signInAliases(SignInAliases.builder().email(true).build())
                .autoVerify(software.amazon.awscdk.services.cognito.AutoVerifiedAttrs.builder().email(true).build())
                .standardAttributes(StandardAttributes.builder()
                        .email(StandardAttribute.builder().required(true).mutable(true).build())
                        .fullname(StandardAttribute.builder().required(true).mutable(true).build())
                        .build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(12)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireDigits(true)
                        .requireSymbols(true)
                        .tempPasswordValidity(INVITATION_VALIDITY)
                        .build())
                .mfa(Mfa.OPTIONAL)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .userInvitation(UserInvitationConfig.builder()
                        .emailSubject("You are invited to the family photo gallery")
                        .emailBody("Hello {username}, your temporary password is {####}. "
                                + "Open the gallery and sign in with your email address to choose your own.")
                        .build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.webClient = pool.addClient("Web", UserPoolClientOptions.builder()
                .authFlows(AuthFlow.builder().userSrp(true).build())
                // The web UI signs in with SRP against the user pool API, never through the hosted UI: CDK's
                // default would allow the implicit grant and every scope with a placeholder callback URL.
                .disableOAuth(true)
                .generateSecret(false)
                .preventUserExistenceErrors(true)
                .enableTokenRevocation(true)
                .accessTokenValidity(ACCESS_TOKEN_VALIDITY)
                .idTokenValidity(ACCESS_TOKEN_VALIDITY)
                .refreshTokenValidity(REFRESH_TOKEN_VALIDITY)
                .build());
        UserPoolGroup.Builder.create(this, "Admins")
                .userPool(pool)
                .groupName(ADMIN_GROUP)
                .description("May see failed photos and run admin commands")
                .build();
    }

    public UserPool pool() {
        return pool;
    }

    public UserPoolClient webClient() {
        return webClient;
    }

    /** The {@code iss} of the pool's tokens, and where its signing keys are published. */
    public String issuer() {
        return pool.getUserPoolProviderUrl();
    }

    public String jwksUrl() {
        return issuer() + "/.well-known/jwks.json";
    }
}
