package gallery.bench.load;

import gallery.core.deploy.Deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gallery ({@code java -jar local.jar}, what {@code ./gallery up} runs) as a separate process on
 * free ports, so its memory and CPU are measured apart from the load generator's. Ready once
 * {@code <data>/endpoints.json} appears (the gallery writes it when every part is up). Closing stops
 * it by its PID as Ctrl-C would (its shutdown hook stops cognito-local too), forcibly after a minute.
 */
public final class GalleryProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    private final Process process;
    private final Path log;
    private final Deployment deployment;
    private final Thread hook;

    private GalleryProcess(Process process, Path log, Deployment deployment, Thread hook) {
        this.process = process;
        this.log = log;
        this.deployment = deployment;
        this.hook = hook;
    }

    public static GalleryProcess start(Path jar, Path root, Path data) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it with `mvn -B -q install -DskipTests -pl local -am` (./gallery bench load does)");
        }
        Files.createDirectories(data);
        Path endpointsFile = data.resolve("endpoints.json");
        // a file left by an earlier run names ports that are gone
        Files.deleteIfExists(endpointsFile);
        Path log = data.resolve("gallery.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar.toAbsolutePath().toString(),
                "--no-photos", "--data", data.toAbsolutePath().toString(),
                "--edge-port", "0", "--s3-port", "0", "--sqs-port", "0", "--dynamodb-port", "0", "--cognito-port", "0"));
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // Ctrl-C on the bench must not leave a gallery (and its node) running
        Thread hook = new Thread(() -> stop(process), "stop-gallery");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (!Files.isRegularFile(endpointsFile)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the gallery exited with status " + process.exitValue() + " before it was up; its log "
                            + log + " ends with:\n" + tail(log, 30));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gallery was not up after " + START_TIMEOUT.toMinutes() + " min; its log " + log
                            + " ends with:\n" + tail(log, 30));
                }
                Thread.sleep(200);
            }
            return new GalleryProcess(process, log, Deployment.read(endpointsFile), hook);
        } catch (RuntimeException | InterruptedException e) {
            stop(process);
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
    }

    public Deployment deployment() {
        return deployment;
    }

    /** {@code http://127.0.0.1:<port>}, the edge as a browser opens it. */
    public String siteUrl() {
        return deployment.endpoints().edge().toString();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path log() {
        return log;
    }

    /** Lines of the gallery's log at WARN or ERROR (it logs only those without --verbose). */
    public List<String> warnings() {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        } catch (IOException e) {
            return List.of("cannot read " + log + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs stop() too, which is idempotent
        }
    }

    private static void stop(Process process) {
        if (!process.isAlive()) return;
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // normally the gallery's shutdown hook has stopped node; after a forced stop it may not have
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }
}
