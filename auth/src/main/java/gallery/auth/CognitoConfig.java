package gallery.auth;

import gallery.core.config.Env;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;

/**
 * Where tokens come from and who they must be for.
 *
 * @param issuer   exact {@code iss} of the user pool ({@code https://cognito-idp.<region>.amazonaws.com/<poolId>} in AWS)
 * @param jwksUrl  the pool's JWKS; given explicitly because cognito-local's discovery document names the wrong host
 * @param clientId the app client whose access tokens are accepted
 * @param jwksTtl  how long fetched keys are trusted before a refetch
 * @param jwksMinRefetch the least time between two fetches caused by an unknown {@code kid}, so forged
 *                       kids cannot make us hammer the JWKS endpoint
 * @param clockSkew tolerance on {@code exp} and {@code iat} between our clock and Cognito's
 * @param userCheckTtl how long the pool's answer on a token (user enabled, token not revoked) is kept
 *                     ({@code USER_CHECK_TTL}, default and at most a minute): how late a revocation may arrive
 */
public record CognitoConfig(String issuer, URI jwksUrl, String clientId, Duration jwksTtl, Duration jwksMinRefetch, Duration clockSkew,
                            Duration userCheckTtl) {
    public static final Duration DEFAULT_JWKS_TTL = Duration.ofHours(6);
    public static final Duration DEFAULT_MIN_REFETCH = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration MAX_USER_CHECK_TTL = Duration.ofMinutes(1);

    public static final String COGNITO_ISSUER = "COGNITO_ISSUER";
    public static final String COGNITO_JWKS_URL = "COGNITO_JWKS_URL";
    public static final String COGNITO_CLIENT_ID = "COGNITO_CLIENT_ID";
    public static final String USER_CHECK_TTL = "USER_CHECK_TTL";

    /** The variables {@link #read} reads, for a function that accepts this pool's tokens. */
    public static java.util.Map<String, String> environment(String issuer, String jwksUrl, String clientId) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put(COGNITO_ISSUER, issuer);
        env.put(COGNITO_JWKS_URL, jwksUrl);
        env.put(COGNITO_CLIENT_ID, clientId);
        return env;
    }

    public CognitoConfig(String issuer, URI jwksUrl, String clientId) {
        this(issuer, jwksUrl, clientId, DEFAULT_JWKS_TTL, DEFAULT_MIN_REFETCH, DEFAULT_CLOCK_SKEW, MAX_USER_CHECK_TTL);
    }

    public CognitoConfig(String issuer, URI jwksUrl, String clientId, Duration jwksTtl, Duration jwksMinRefetch, Duration clockSkew) {
        this(issuer, jwksUrl, clientId, jwksTtl, jwksMinRefetch, clockSkew, MAX_USER_CHECK_TTL);
    }

    /** The check of every verified token with the pool, answers kept {@link #userCheckTtl}. */
    public UserCheck userCheck(CognitoIdentityProviderClient cognito) {
        return new CognitoUserCheck(cognito, userCheckTtl, Clock.systemUTC());
    }

    /**
     * Reads {@code COGNITO_ISSUER}, {@code COGNITO_JWKS_URL}, {@code COGNITO_CLIENT_ID}, {@code USER_CHECK_TTL}; problems are
     * recorded on {@code env}, the caller's {@code validate()} reports them with its own.
     */
    public static CognitoConfig read(Env env) {
        String issuer = env.required(COGNITO_ISSUER, "the user pool's issuer URL, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC");
        String jwks = env.required(COGNITO_JWKS_URL, "the user pool's JWKS URL, e.g. <issuer>/.well-known/jwks.json");
        String client = env.required(COGNITO_CLIENT_ID, "the app client id whose access tokens are accepted");
        URI jwksUrl = null;
        if (!jwks.isEmpty()) {
            try {
                jwksUrl = new URI(jwks);
                if (!"https".equals(jwksUrl.getScheme()) && !"http".equals(jwksUrl.getScheme())) {
                    env.problem("COGNITO_JWKS_URL=" + jwks + " is not an http(s) URL");
                }
            } catch (URISyntaxException e) {
                env.problem("COGNITO_JWKS_URL=" + jwks + " is not a URL: " + e.getMessage());
            }
        }
        if (jwksUrl == null) jwksUrl = URI.create("http://invalid/");
        Duration userCheckTtl = env.duration(USER_CHECK_TTL, MAX_USER_CHECK_TTL, Duration.ZERO, MAX_USER_CHECK_TTL);
        return new CognitoConfig(issuer, jwksUrl, client, DEFAULT_JWKS_TTL, DEFAULT_MIN_REFETCH, DEFAULT_CLOCK_SKEW, userCheckTtl);
    }
}
