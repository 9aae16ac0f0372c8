package gallery.local.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gallery.core.Json;
import gallery.local.lambda.JsonReply;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Secrets Manager's {@code GetSecretValue} for the local stack, so the signer reads its key from a
 * secret ARN exactly as it does in AWS (its SDK client, HTTP client and JSON parsing included). The
 * value is computed on every read, so a key rotated with {@code ./gallery admin keys rotate} is seen
 * when the signer's cache expires. The JSON 1.1 protocol:
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
public final class LocalSecrets implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Supplier<String>> secrets;

    /** @param secrets secret ARN → its current {@code SecretString} */
    public LocalSecrets(Map<String, Supplier<String>> secrets) throws IOException {
        this.secrets = Map.copyOf(secrets);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** For {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"secretsmanager.GetSecretValue".equals(target)) {
                reply(exchange, 400, error("InvalidRequestException", "only GetSecretValue is served locally, not " + target));
                return;
            }
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody());
            String id = request.path("SecretId").asText("");
            Supplier<String> value = secrets.get(id);
            if (value == null) {
                reply(exchange, 400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret " + id));
                return;
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("ARN", id);
            out.put("Name", id.substring(id.lastIndexOf(':') + 1));
            out.put("VersionId", "00000000-0000-0000-0000-000000000001");
            out.put("SecretString", value.get());
            out.putArray("VersionStages").add("AWSCURRENT");
            out.put("CreatedDate", System.currentTimeMillis() / 1000.0);
            reply(exchange, 200, out.toString());
        }
    }

    private static String error(String type, String message) {
        return Json.write(Map.of("__type", type, "message", message));
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        JsonReply.send(exchange, status, "application/x-amz-json-1.1", json);
    }


    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
