package gallery.local.cognito;

import gallery.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code cognito-local} npm package (pinned in tools/package.json) as a child process on
 * 127.0.0.1. It reads {@code PORT} and {@code HOST} from the environment and keeps its state in
 * {@code .cognito/} under its working directory, so the working directory is our data folder.
 * Its tokens name {@code <issuerDomain>/<poolId>} as issuer ({@code TokenConfig.IssuerDomain} in its
 * {@code .cognito/config.json}); its discovery document names {@code localhost:9229} whatever the
 * port, so callers use the JWKS URL directly.
 * Stopped through the {@link Process} we started, never by name.
 */
public final class CognitoLocal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CognitoLocal.class);
    private final Process process;
    private final int port;

    private CognitoLocal(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param toolsDir  the project's tools/ folder (its node_modules holds cognito-local)
     * @param dataDir   where cognito-local keeps its state and log
     * @param port      the port to listen on (127.0.0.1)
     * @param issuerDomain {@code http://host:port} its tokens name as issuer, before the pool id
     */
    public static CognitoLocal start(Path toolsDir, Path dataDir, int port, String issuerDomain) throws IOException {
        Path script = toolsDir.resolve("node_modules/cognito-local/lib/bin/start.js");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("cognito-local is not installed: expected " + script + " (run `npm ci` in " + toolsDir + ")");
        }
        Files.createDirectories(dataDir.resolve(".cognito"));
        // Its tokens name the address clients reach the pool at (the gate in front of it), not its own port.
        Files.writeString(dataDir.resolve(".cognito/config.json"), Json.write(Map.of("TokenConfig", Map.of("IssuerDomain", issuerDomain))));
        Path log = dataDir.resolve("cognito-local.log");
        ProcessBuilder pb = new ProcessBuilder(node(), script.toAbsolutePath().toString())
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("HOST", "127.0.0.1");
        pb.environment().remove("DEBUG");
        Process process = pb.start();
        CognitoLocal cognito = new CognitoLocal(process, port);
        try {
            cognito.awaitListening(Duration.ofSeconds(30), log);
        } catch (IOException | RuntimeException e) {
            cognito.close();
            throw e;
        }
        LOG.info("cognito-local (pid {}) on {}", process.pid(), cognito.endpoint());
        return cognito;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening(Duration timeout, Path log) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("cognito-local exited with " + process.exitValue() + " before listening; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for cognito-local", e);
                }
            }
        }
        throw new IOException("cognito-local did not listen on 127.0.0.1:" + port + " within " + timeout + "; see " + log);
    }

    private static String node() {
        String override = System.getenv("NODE");
        return override == null || override.isBlank() ? "node" : override;
    }
}
