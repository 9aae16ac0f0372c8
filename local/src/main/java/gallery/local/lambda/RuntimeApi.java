package gallery.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gallery.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The Lambda Runtime API (version 2018-06-01) for one execution environment, as the runtime inside
 * it sees it at {@code AWS_LAMBDA_RUNTIME_API}: {@code GET /runtime/invocation/next} hands out the
 * next event (blocking until there is one), {@code POST /runtime/invocation/{id}/response} and
 * {@code .../{id}/error} answer it, {@code POST /runtime/init/error} reports a failed start.
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */
final class RuntimeApi implements AutoCloseable {
    static final String PREFIX = "/2018-06-01/runtime/";
    /** A synchronous invocation's response may be at most 6 MB (Lambda quotas). */
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    /** One event handed to the runtime, and what became of it. */
    /** {@code pickedUp} completes with the deadline (epoch ms) when the runtime takes the event: its timeout runs from there. */
    record Invocation(String requestId, byte[] event, long timeoutMs, String functionArn,
                      CompletableFuture<Long> pickedUp, CompletableFuture<Outcome> outcome) {
    }

    /** What the runtime answered: a payload, or an error it reported (errorType, errorMessage). */
    record Outcome(byte[] payload, String errorType, String errorMessage) {
        boolean failed() {
            return errorType != null;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    /** Completed with the first {@code next} (init done) or with the init error. */
    final CompletableFuture<Outcome> init = new CompletableFuture<>();

    RuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void submit(Invocation invocation) {
        inFlight.put(invocation.requestId(), invocation);
        pending.add(invocation);
    }

    /** Forgets an invocation the caller gave up on (timeout, crash); a late answer then gets 400. */
    void forget(String requestId) {
        inFlight.remove(requestId);
        pending.removeIf(i -> i.requestId().equals(requestId));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals("init/error")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                init.complete(error(exchange, body, "Runtime.InitError"));
                accepted(exchange);
            } else if (method.equals("POST") && path.startsWith("invocation/")
                    && (path.endsWith("/response") || path.endsWith("/error"))) {
                String id = path.substring("invocation/".length(), path.lastIndexOf('/'));
                Invocation invocation = inFlight.remove(id);
                if (invocation == null) {
                    reply(exchange, 400, errorJson("InvalidRequestID", "no invocation in flight with id " + id));
                    return;
                }
                byte[] body = readLimited(exchange.getRequestBody());
                if (path.endsWith("/error")) {
                    invocation.outcome().complete(error(exchange, body, "Function.Unhandled"));
                } else if (body.length > MAX_RESPONSE_BYTES) {
                    invocation.outcome().complete(new Outcome(null, "Function.ResponseSizeTooLarge",
                            "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes)."));
                } else {
                    invocation.outcome().complete(new Outcome(body, null, null));
                }
                accepted(exchange);
            } else {
                reply(exchange, 404, errorJson("NotFound", method + " " + exchange.getRequestURI().getPath() + " is not part of the Runtime API"));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        init.complete(new Outcome(null, null, null));
        Invocation invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long deadline = System.currentTimeMillis() + invocation.timeoutMs();
        invocation.pickedUp().complete(deadline);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn());
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        exchange.sendResponseHeaders(200, invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    /** The documented error body {@code {errorMessage, errorType, stackTrace}}; the header names the type when the body does not. */
    private static Outcome error(HttpExchange exchange, byte[] body, String fallbackType) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        String message = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json != null && json.isObject()) {
                if (json.hasNonNull("errorType")) type = json.get("errorType").asText();
                message = json.path("errorMessage").asText(message);
            }
        } catch (IOException notJson) {
            // keep the raw body as the message
        }
        return new Outcome(null, type == null || type.isBlank() ? fallbackType : type, message);
    }

    /** Reads at most one byte over the limit, so an oversized response is refused without holding it all. */
    private static byte[] readLimited(InputStream in) throws IOException {
        return in.readNBytes(MAX_RESPONSE_BYTES + 1);
    }

    private static void accepted(HttpExchange exchange) throws IOException {
        reply(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static String errorJson(String type, String message) {
        return Json.write(Map.of("errorType", type, "errorMessage", message));
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        JsonReply.send(exchange, status, "application/json", json);
    }


    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
