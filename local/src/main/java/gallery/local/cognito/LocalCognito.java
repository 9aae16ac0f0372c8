package gallery.local.cognito;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * cognito-local started and its user pool ready: what the local Main needs for the signer and api
 * ({@code COGNITO_ISSUER}, {@code COGNITO_JWKS_URL}, {@code COGNITO_CLIENT_ID}), the edge's
 * {@code /cognito/} proxy, and /config.json.
 */
public final class LocalCognito implements AutoCloseable {
    private final CognitoLocal process;
    private final CognitoIdentityProviderClient client;
    private final UserPool pool;

    private LocalCognito(CognitoLocal process, CognitoIdentityProviderClient client, UserPool pool) {
        this.process = process;
        this.client = client;
        this.pool = pool;
    }

    /** Starts cognito-local with its state in {@code dataDir} and creates the pool on first start. */
    public static LocalCognito start(Path toolsDir, Path dataDir, int port, Region region) throws IOException {
        CognitoLocal process = CognitoLocal.start(toolsDir, dataDir, port);
        try {
            CognitoIdentityProviderClient client = client(process.endpoint(), region);
            return new LocalCognito(process, client, UserPool.ensure(client, dataDir.resolve("gallery-pool.json")));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** An SDK client for cognito-local: any credentials do, it does not check signatures. */
    public static CognitoIdentityProviderClient client(URI endpoint, Region region) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    public UserPool pool() {
        return pool;
    }

    public CognitoIdentityProviderClient client() {
        return client;
    }

    public URI endpoint() {
        return process.endpoint();
    }

    public String issuer() {
        return process.issuer(pool.userPoolId());
    }

    public URI jwksUrl() {
        return process.jwksUrl(pool.userPoolId());
    }

    /** How to sign in, for the start-up banner. */
    public String loginHint() {
        return "sign in as " + pool.demoUsername() + " with temporary password " + pool.temporaryPassword()
                + " (the first login asks for a new password)";
    }

    @Override
    public void close() {
        client.close();
        process.close();
    }
}
