package gallery.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gallery.core.Json;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * SSM Parameter Store's {@code GetParameter} and {@code PutParameter}, for the CloudFront signing key: a
 * SecureString standard parameter costs nothing a month where a Secrets Manager secret costs $0.40
 * (docs/deploy.md, "A terabyte for $6 a month"), encrypted with the account's AWS-managed {@code aws/ssm} key.
 *
 * <p>Two calls of the JSON 1.1 protocol, signed with the SDK's SigV4 signer and its default credentials and
 * region: the SDK's {@code ssm} module is not in the Maven repository this project builds from, and these two
 * calls are all the signer and the admin tool need. {@code AWS_ENDPOINT_URL_SSM} points it elsewhere, as it
 * would an SDK client (the deploy rehearsal's local Parameter Store).
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
 */
public final class ParameterStore {
    /** The SDK's service-specific endpoint variable for SSM. */
    public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_SSM";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A parameter's value and when it was last written (a rotation's date). */
    public record Parameter(String name, String value, Instant lastModified) {
    }

    /** SSM answered with an error: {@code type} is its {@code __type} ({@code ParameterNotFound}, {@code AccessDeniedException}, ...). */
    public static final class ParameterStoreException extends RuntimeException {
        private final String type;

        ParameterStoreException(String type, String message) {
            super(message);
            this.type = type;
        }

        public String type() {
            return type;
        }
    }

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final HttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public ParameterStore(URI endpoint, String region, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** The region, credentials and endpoint an SDK client would pick from this environment. */
    public static ParameterStore fromEnvironment() {
        String region = new DefaultAwsRegionProviderChain().getRegion().id();
        return new ParameterStore(endpoint(System.getenv(ENDPOINT_VARIABLE), region), region, DefaultCredentialsProvider.builder().build());
    }

    public static URI endpoint(String override, String region) {
        if (override != null && !override.isBlank()) return URI.create(override);
        return URI.create("https://ssm." + region + ".amazonaws.com");
    }

    /** A SecureString's decrypted value. */
    public Parameter get(String name) {
        ObjectNode request = Json.MAPPER.createObjectNode().put("Name", name).put("WithDecryption", true);
        JsonNode p = call("GetParameter", request).path("Parameter");
        double modified = p.path("LastModifiedDate").asDouble(0);
        return new Parameter(p.path("Name").asText(name), p.path("Value").asText(null),
                Instant.ofEpochMilli(Math.round(modified * 1000)));
    }

    /** Writes {@code value} as a SecureString under the AWS-managed key, replacing what is there. */
    public void putSecure(String name, String value, String description) {
        ObjectNode request = Json.MAPPER.createObjectNode().put("Name", name).put("Value", value).put("Type", "SecureString")
                .put("Tier", "Standard").put("Overwrite", true).put("Description", description);
        call("PutParameter", request);
    }

    private JsonNode call(String action, ObjectNode request) {
        byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AmazonSSM." + action)
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials()).request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder send = HttpRequest.newBuilder(signed.request().getUri()).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        // java.net.http sets Host and Content-Length itself and refuses them as headers; the signature covers Host, which it sends unchanged.
        signed.request().forEachHeader((k, values) -> {
            if (!k.equalsIgnoreCase("Host") && !k.equalsIgnoreCase("Content-Length")) values.forEach(v -> send.header(k, v));
        });
        HttpResponse<String> response;
        try {
            response = http.send(send.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("SSM " + action + " at " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during SSM " + action, e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String type = Optional.ofNullable(answer.path("__type").asText(null)).map(t -> t.substring(t.indexOf('#') + 1)).orElse("HTTP " + response.statusCode());
            String message = answer.path("message").asText(answer.path("Message").asText(""));
            throw new ParameterStoreException(type, "SSM " + action + " of " + request.path("Name").asText() + ": " + type
                    + (message.isEmpty() ? "" : ": " + message));
        }
        return answer;
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body == null || body.isEmpty() ? "{}" : body);
            return n == null ? Json.MAPPER.createObjectNode() : n;
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
