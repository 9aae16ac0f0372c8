package gallery.signer;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.auth.PemKeys;
import gallery.lambda.BundleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployable bundle ({@code target/signer-lambda.jar}, built at {@code package}) logs as Lambda
 * wants: run in a JVM of its own with Lambda's log format set to JSON, a refused sign-in prints one
 * JSON line in Lambda's JSON log format carrying the request id. Without a provider in the bundle
 * SLF4J would fall back to no-op and print nothing.
 */
class BundleLoggingIT {

    @Test
    void aRefusedSignInPrintsAJsonLineWithTheRequestId(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("k.pem");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        Files.writeString(key, PemKeys.writePrivateKey((RSAPrivateCrtKey) g.generateKeyPair().getPrivate()));

        BundleRun run = BundleRun.of("signer", BundleMain.class, Map.of(
                "COGNITO_ISSUER", "https://issuer.invalid/pool",
                // never fetched: the token is refused before any key is looked up
                "COGNITO_JWKS_URL", "http://127.0.0.1:9/jwks.json",
                "COGNITO_CLIENT_ID", "client",
                "SITE_URL", "https://photos.example.org",
                "SIGNING_KEY_FILE", key.toString(),
                "SIGNING_KEY_ID", "K1"), "req-0123");
        List<JsonNode> lines = run.jsonLines();
        String out = run.output();
        assertThat(lines).as(out).anySatisfy(line -> {
            assertThat(line.get("level").asText()).isEqualTo("INFO");
            assertThat(line.get("message").asText()).startsWith("session refused:");
            assertThat(line.get("logger").asText()).isEqualTo(SessionService.class.getName());
            assertThat(line.get("AWSRequestId").asText()).isEqualTo("req-0123");
            assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        });
        assertThat(out).as("nothing but JSON lines").doesNotContain("SLF4J");
    }
}
