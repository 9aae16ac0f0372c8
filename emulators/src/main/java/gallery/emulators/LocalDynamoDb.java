package gallery.emulators;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB on 127.0.0.1: DynamoDB Local in this process, telemetry off; for the local stack one shared
 * sqlite file under the data folder (so tables survive a restart, whatever region or key a client
 * uses), for tests in memory.
 * Its sqlite natives come from its own jar, which on JDK 22+ needs
 * {@code --enable-native-access=ALL-UNNAMED} to load without a warning.
 */
public final class LocalDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private LocalDynamoDb(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    public static LocalDynamoDb start(Path dir, int port) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the DynamoDB data folder " + dir, e);
        }
        return start(port, "-dbPath", dir.toAbsolutePath().toString(), "-sharedDb");
    }

    /** An in-memory instance on a free port, for a test: its tables go when it stops. */
    public static LocalDynamoDb inMemory() {
        return start(0, "-inMemory");
    }

    private static LocalDynamoDb start(int port, String... storage) {
        DynamoDBProxyServer server;
        ServerConnector connector;
        try {
            // Its command line takes no port 0; the real port is set on the connector below.
            List<String> args = new ArrayList<>(List.of("-port", String.valueOf(port == 0 ? 8000 : port), "-disableTelemetry"));
            args.addAll(List.of(storage));
            server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            connector = connector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new LocalDynamoDb(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    /**
     * DynamoDB Local binds every interface and has no option for the host, so its Jetty connector
     * is reached by reflection and told to bind the loopback address only.
     */
    private static ServerConnector connector(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        return (ServerConnector) jetty.getConnectors()[0];
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop: " + e.getMessage(), e);
        }
    }
}
