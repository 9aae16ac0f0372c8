package gallery.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 that answers every request 500 and counts them: a user pool's JWKS
 * endpoint that a primed handler must never fetch.
 */
public final class CountingServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private CountingServer(HttpServer server) {
        this.server = server;
    }

    public static CountingServer refusing() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            CountingServer counting = new CountingServer(http);
            http.createContext("/", exchange -> {
                counting.requests.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            http.start();
            return counting;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
