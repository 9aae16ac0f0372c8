package gallery.infra;

import software.amazon.awscdk.services.lambda.Code;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The deployable bundles: each Lambda module's shade execution (root pom) writes
 * {@code <module>/target/<module>-lambda.jar} at {@code package}. infra depends on those modules
 * so the reactor builds them first.
 */
public record LambdaJars(Path projectRoot) {

    public Path jar(String module) {
        return projectRoot.resolve(module).resolve("target").resolve(module + "-lambda.jar");
    }

    /** The jar as Lambda code; fails naming the jar and the command that builds it. */
    public Code code(String module) {
        Path jar = jar(module);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Lambda bundle " + jar + " is missing: run `mvn package -DskipTests` "
                    + "at the repository root (or `mvn package -DskipTests -pl " + module + " -am`) before synth");
        }
        return Code.fromAsset(jar.toString());
    }
}
