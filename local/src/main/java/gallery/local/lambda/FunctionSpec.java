package gallery.local.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One function as Lambda would run it, taken from the deployed configuration.
 *
 * @param name               the function's name (logs, the invoked ARN)
 * @param handler            {@code Handler}: {@code package.Class} or {@code package.Class::method}
 * @param memoryMb           {@code MemorySize}: the JVM gets the heap Lambda's Java runtime gives it
 * @param timeout            {@code Timeout}
 * @param code               the code asset: a jar/zip Lambda unpacks into {@code /var/task}, or a folder
 * @param layers             folders standing for each layer's content, in order (Lambda merges them under {@code /opt})
 * @param environment        {@code Environment.Variables}, tokens already resolved; {@code /opt/...} paths are
 *                           rewritten to the local stand-in of {@code /opt}
 * @param localEnvironment   what the local stack adds: endpoint overrides, the stand-in credentials
 * @param logFormat          {@code LoggingConfig.LogFormat}: {@code Text} or {@code JSON}
 * @param reservedConcurrency most environments at once, or null for the local default
 */
public record FunctionSpec(String name, String handler, int memoryMb, Duration timeout, Path code, List<Path> layers,
                           Map<String, String> environment, Map<String, String> localEnvironment, String logFormat,
                           Integer reservedConcurrency) {
    public FunctionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(code, "code");
        layers = List.copyOf(layers);
        environment = Map.copyOf(environment);
        localEnvironment = Map.copyOf(localEnvironment);
        if (logFormat == null) logFormat = "Text";
        if (memoryMb < 128 || memoryMb > 10_240) throw new IllegalArgumentException(name + ": MemorySize " + memoryMb + " outside 128..10240");
    }

    public FunctionSpec withHandler(String handler) {
        return new FunctionSpec(name, handler, memoryMb, timeout, code, layers, environment, localEnvironment, logFormat, reservedConcurrency);
    }

    public FunctionSpec withCode(Path code) {
        return new FunctionSpec(name, handler, memoryMb, timeout, code, layers, environment, localEnvironment, logFormat, reservedConcurrency);
    }

    public FunctionSpec withEnvironment(Map<String, String> environment) {
        return new FunctionSpec(name, handler, memoryMb, timeout, code, layers, environment, localEnvironment, logFormat, reservedConcurrency);
    }
}
