package gallery.local.cognito;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;

/**
 * cognito-local started behind its {@link CognitoGate}, and its user pool ready: what the local Main
 * needs for the signer and api ({@code COGNITO_ISSUER}, {@code COGNITO_JWKS_URL}, {@code COGNITO_CLIENT_ID}),
 * the edge's {@code /cognito/} proxy, and /config.json.
 */
public final class LocalCognito implements AutoCloseable {
    private final CognitoLocal process;
    private final CognitoIdentityProviderClient direct;
    private final CognitoGate gate;
    private final CognitoIdentityProviderClient client;
    private final UserPool pool;

    private LocalCognito(CognitoLocal process, CognitoIdentityProviderClient direct, CognitoGate gate,
                         CognitoIdentityProviderClient client, UserPool pool) {
        this.process = process;
        this.direct = direct;
        this.gate = gate;
        this.client = client;
        this.pool = pool;
    }

    /**
     * Starts cognito-local with its state in {@code dataDir}, creates the pool on first start, and puts
     * the {@link CognitoGate} on {@code port}: everyone (signer, api, admin tool, browser) reaches the
     * pool there; cognito-local listens on a free port of its own.
     */
    public static LocalCognito start(Path toolsDir, Path dataDir, int port, Region region) throws IOException {
        HttpServer bound = CognitoGate.bind(port);
        String gateUrl = "http://127.0.0.1:" + bound.getAddress().getPort();
        CognitoLocal process;
        try {
            process = CognitoLocal.start(toolsDir, dataDir, freePort(), gateUrl);
        } catch (IOException | RuntimeException e) {
            bound.stop(0);
            throw e;
        }
        CognitoIdentityProviderClient direct = client(process.endpoint(), region);
        try {
            UserPool pool = UserPool.ensure(direct, dataDir.resolve("gallery-pool.json"));
            CognitoGate gate = CognitoGate.start(bound, process.endpoint(), direct, pool.userPoolId(), dataDir.resolve("signed-out.json"));
            return new LocalCognito(process, direct, gate, client(gate.endpoint(), region), pool);
        } catch (RuntimeException e) {
            bound.stop(0);
            direct.close();
            process.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
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

    /** Where the user pool is reached: the gate. */
    public URI endpoint() {
        return gate.endpoint();
    }

    /** The {@code iss} of the pool's tokens. */
    public String issuer() {
        return gate.endpoint() + "/" + pool.userPoolId();
    }

    public URI jwksUrl() {
        return URI.create(issuer() + "/.well-known/jwks.json");
    }

    /** How to sign in, for the start-up banner. */
    public String loginHint() {
        return "sign in as " + pool.demoUsername() + " with temporary password " + pool.temporaryPassword()
                + " (the first login asks for a new password)";
    }

    @Override
    public void close() {
        gate.close();
        client.close();
        direct.close();
        process.close();
    }
}
