package gallery.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A module's deployable bundle ({@code target/<module>-lambda.jar}) run as Lambda runs it: in a JVM of
 * its own, with only the environment given, its test classes beside it for the main class that
 * drives the handler. What it printed, and its JSON lines parsed, are the result.
 */
public record BundleRun(int exit, String output) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code mainClass} (from the module's test classes) on the bundle, and waits up to a minute. */
    public static BundleRun of(String bundleName, Class<?> mainClass, Map<String, String> env, String... args) {
        Path bundle = Path.of("target", bundleName).toAbsolutePath();
        if (!Files.isRegularFile(bundle)) throw new AssertionError(bundle + " is missing: it is built by mvn package");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", bundle + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath(), mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the bundle's JVM did not end within a minute");
            }
            return new BundleRun(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The lines that are JSON objects (Lambda's JSON log lines and EMF), parsed. */
    public List<JsonNode> jsonLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("{")) continue;
            try {
                lines.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return lines;
    }
}
