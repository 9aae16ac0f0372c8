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
 * Parameter Store's {@code GetParameter} for the local stack, so the signer reads its key from the
 * SecureString parameter the template names exactly as it does in AWS (its signed request, HTTP client
 * and JSON parsing included). The value is computed on every read, so a key rotated with
 * {@code ./gallery admin keys rotate} is seen when the signer's cache expires. The JSON 1.1 protocol:
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
 */
public final class LocalSecrets implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Supplier<String>> secrets;

    /** @param secrets parameter name → its current (decrypted) value */
    public LocalSecrets(Map<String, Supplier<String>> secrets) throws IOException {
        this.secrets = Map.copyOf(secrets);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** For {@code AWS_ENDPOINT_URL_SSM}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"AmazonSSM.GetParameter".equals(target)) {
                reply(exchange, 400, error("ValidationException", "only GetParameter is served locally, not " + target));
                return;
            }
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody());
            String name = request.path("Name").asText("");
            Supplier<String> value = secrets.get(name);
            if (value == null) {
                reply(exchange, 400, error("ParameterNotFound", "Parameter " + name + " not found."));
                return;
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            ObjectNode p = out.putObject("Parameter");
            p.put("Name", name);
            p.put("Type", "SecureString");
            p.put("Value", value.get());
            p.put("Version", 1);
            p.put("LastModifiedDate", System.currentTimeMillis() / 1000.0);
            p.put("DataType", "text");
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
