package gallery.admin;

import gallery.core.deploy.Deployment;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which gallery a command works on, as a picocli mixin shared by every command that talks to one:
 * the running local stack ({@code --local [DATA_DIR]}, which reads {@code <data>/endpoints.json})
 * or a deployment in AWS ({@code --deployment FILE}, the stack's outputs as a
 * {@link Deployment} JSON; credentials from the default chain). Without either, the local stack in
 * {@code .data/}.
 *
 * <p>Reading names straight from CloudFormation ({@code --stack NAME}) would need the SDK's
 * cloudformation module, which is not published at the SDK version this build pins (2.41.34).
 */
public final class Target {
    public static final Path DEFAULT_DATA = Path.of(".data");

    static final class Choice {
        @Option(names = "--local", arity = "0..1", fallbackValue = ".data", paramLabel = "DATA_DIR",
                description = "Work on the running local stack whose data folder is DATA_DIR (default: .data).")
        Path local;

        @Option(names = "--deployment", paramLabel = "FILE",
                description = "Work on a deployment in AWS described by FILE (Deployment JSON: region, buckets, table, queue URLs, user pool; from the stack's outputs).")
        Path deployment;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Choice choice;

    /** The data folder of the local stack, or null for AWS. */
    public Path localDataDir() {
        if (choice == null) return DEFAULT_DATA;
        return choice.local;
    }

    public boolean isLocal() {
        return localDataDir() != null;
    }

    /** The file the deployment is read from. */
    public Path deploymentFile() {
        return isLocal() ? localDataDir().resolve("endpoints.json") : choice.deployment;
    }

    /** Reads and validates the deployment once; a missing or invalid file is a {@link ConfigProblem}. */
    public Deployment deployment() {
        Path file = isLocal() ? localDataDir().resolve("endpoints.json") : choice.deployment;
        if (!Files.isRegularFile(file)) {
            throw new ConfigProblem(isLocal()
                    ? "no local stack at " + localDataDir() + ": " + file + " does not exist (start it with ./gallery up, or pass --local DATA_DIR or --deployment FILE)"
                    : "deployment file " + file + " does not exist");
        }
        try {
            return Deployment.read(file);
        } catch (RuntimeException e) {
            throw new ConfigProblem(e.getMessage(), e);
        }
    }
}
