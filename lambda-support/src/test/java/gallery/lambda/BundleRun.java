package gallery.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Lambda module's bundle ({@code target/<module>-lambda.jar}) run as Lambda runs it, for the modules'
 * bundle checks: a JVM of its own whose class path is the bundle and the module's test classes (for
 * the main that invokes the handler), with only the given environment plus the function's name, the
 * region and Lambda's JSON log format. What it printed, and the lines that are JSON.
 */
public record BundleRun(String output, List<JsonNode> jsonLines) {
    public static BundleRun of(String module, Class<?> main, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path bundle = Path.of("target", module + "-lambda.jar").toAbsolutePath();
        if (!Files.isRegularFile(bundle)) throw new IllegalStateException(bundle + " is missing: built by mvn package");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", bundle + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath(), main.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(module + "-bundle", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON", "AWS_LAMBDA_FUNCTION_NAME", module, "AWS_REGION", "us-east-1"));
        env.putAll(environment);
        Process p = pb.start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        if (!ended) {
            p.destroyForcibly();
            throw new AssertionError("the " + module + " bundle's JVM did not end in 60 s:\n" + out);
        }
        if (p.exitValue() != 0) throw new AssertionError("the " + module + " bundle's JVM exited with " + p.exitValue() + ":\n" + out);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) lines.add(Json.MAPPER.readTree(line));
        }
        return new BundleRun(out, lines);
    }
}
