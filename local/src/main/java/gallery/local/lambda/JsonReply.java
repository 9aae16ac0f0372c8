package gallery.local.lambda;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A JSON answer on a JDK {@code HttpServer} exchange (the Runtime API and the local Secrets Manager). */
public final class JsonReply {
    private JsonReply() {
    }

    public static void send(HttpExchange exchange, int status, String contentType, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
