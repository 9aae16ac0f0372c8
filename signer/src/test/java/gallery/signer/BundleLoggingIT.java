package gallery.signer;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.auth.PemKeys;
import gallery.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        Path bundle = Path.of("target", "signer-lambda.jar").toAbsolutePath();
        assertThat(bundle).as("built by mvn package").isRegularFile();
        Path key = dir.resolve("k.pem");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        Files.writeString(key, PemKeys.writePrivateKey((RSAPrivateCrtKey) g.generateKeyPair().getPrivate()));

        String classPath = bundle + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, BundleMain.class.getName(), "req-0123");
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(Map.of(
                "AWS_LAMBDA_LOG_FORMAT", "JSON",
                "AWS_LAMBDA_FUNCTION_NAME", "signer",
                "AWS_REGION", "us-east-1",
                "COGNITO_ISSUER", "https://issuer.invalid/pool",
                // never fetched: the token is refused before any key is looked up
                "COGNITO_JWKS_URL", "http://127.0.0.1:9/jwks.json",
                "COGNITO_CLIENT_ID", "client",
                "SITE_URL", "https://photos.example.org",
                "SIGNING_KEY_FILE", key.toString(),
                "SIGNING_KEY_ID", "K1"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the bundle's JVM ends").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) lines.add(Json.MAPPER.readTree(line));
        }
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
