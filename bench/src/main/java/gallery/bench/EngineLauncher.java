package gallery.bench;

import gallery.core.Json;
import gallery.core.preset.Preset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts one child process per engine and photo, so each peak RSS belongs to one engine alone,
 * and reads back the {@link Measurement} line it prints. A child that dies without one (killed,
 * crashed, timed out) becomes a failed measurement naming what it said last.
 */
final class EngineLauncher {
    private final String javaCommand;
    private final String classPath;
    private final Optional<Path> sharpScript;
    private final Optional<Path> sharpDir;
    private final Duration timeout;

    EngineLauncher(String javaCommand, String classPath, Optional<Path> sharpScript, Optional<Path> sharpDir, Duration timeout) {
        this.javaCommand = javaCommand;
        this.classPath = classPath;
        this.sharpScript = sharpScript;
        this.sharpDir = sharpDir;
        this.timeout = timeout;
    }

    /** The java running this process and its class path: the children run the same code. */
    static String currentJava() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    boolean sharpAvailable() {
        return sharpScript.isPresent() && sharpDir.isPresent();
    }

    Measurement runJvm(String engine, Preset preset, Path photo, List<String> jvmOptions, int warmup, int runs) {
        return runJvm(engine, preset, photo, jvmOptions, Map.of(), warmup, runs);
    }

    /** As above, with variables added to the child's environment (e.g. glibc's MALLOC_ARENA_MAX). */
    Measurement runJvm(String engine, Preset preset, Path photo, List<String> jvmOptions, Map<String, String> env,
                       int warmup, int runs) {
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, EngineRun.class.getName(),
                engine, preset.name(), photo.toString(), Integer.toString(warmup), Integer.toString(runs)));
        return run(command, env, engine, preset, photo);
    }

    Measurement runSharp(Preset preset, Path photo, int warmup, int runs) {
        if (!sharpAvailable()) throw new IllegalStateException("sharp is not available");
        String sizes = preset.sizes().stream().map(String::valueOf).collect(Collectors.joining(","));
        List<String> command = List.of("node", sharpScript.get().toString(), sharpDir.get().toString(), preset.name(),
                preset.format().name().toLowerCase(), Integer.toString(preset.quality()), sizes, photo.toString(),
                Integer.toString(warmup), Integer.toString(runs));
        return run(command, Map.of(), "sharp", preset, photo);
    }

    private Measurement run(List<String> command, Map<String, String> env, String engine, Preset preset, Path photo) {
        String photoName = photo.getFileName().toString();
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("bench-child", ".out");
            err = Files.createTempFile("bench-child", ".err");
            // files, not pipes: a chatty child can never block on a full pipe while we wait for it
            var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return Measurement.failed(engine, preset.name(), photoName, -1, "timed out after " + timeout.toMinutes() + " min");
            }
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (line.startsWith(EngineRun.RESULT_PREFIX)) {
                    return Json.read(line.substring(EngineRun.RESULT_PREFIX.length()), Measurement.class);
                }
            }
            return Measurement.failed(engine, preset.name(), photoName, -1,
                    "exit code " + p.exitValue() + " without a result: " + lastLine(err));
        } catch (IOException e) {
            return Measurement.failed(engine, preset.name(), photoName, -1, "could not run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Measurement.failed(engine, preset.name(), photoName, -1, "interrupted");
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) return "(no output)";
        // a JVM that dies prints a stack trace: the line naming the exception says more than its last frame
        for (String line : lines) {
            if (line.contains("Exception") || line.contains("Error")) return line.trim();
        }
        return lines.get(lines.size() - 1).trim();
    }

    private static void deleteQuietly(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
