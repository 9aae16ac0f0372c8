package gallery.local.lambda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Lambda's managed Java runtime on this machine: the JVM options the {@code java21} runtime starts
 * with, AWS's runtime interface client as the only thing on the class path (it loads the function
 * from the working directory, {@code LAMBDA_TASK_ROOT}, as in Lambda), the variables Lambda sets,
 * and a folder where code assets are unpacked as Lambda unpacks them into {@code /var/task}.
 *
 * @param java            the {@code java} to run (this JVM's)
 * @param clientClasspath the runtime interface client and its dependencies (local/target/lambda-runtime)
 * @param workDir         where {@code /opt} stand-ins and each environment's {@code /tmp} are made
 * @param taskCache       where code assets are unpacked, once per asset (CDK names assets by their hash)
 * @param region          {@code AWS_REGION}
 * @param logs            where the functions' output goes
 */
public record LambdaRuntime(Path java, List<Path> clientClasspath, Path workDir, Path taskCache, String region, FunctionLogs logs) {
    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The account id local ARNs carry. */
    public static final String ACCOUNT = "000000000000";

    /**
     * Variables Lambda sets itself and refuses in a function's configuration
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
     */
    public static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");

    /** A function's unpacked code and its {@code /opt}. */
    record Prepared(Path taskRoot, Path opt) {
    }

    /**
     * The runtime for the project at {@code projectRoot}: this JVM's {@code java}, the client jars the
     * local module's build copied to {@code local/target/lambda-runtime}, {@code /opt} and {@code /tmp}
     * under {@code <dataDir>/lambda}, unpacked bundles kept in {@code local/target/lambda-tasks}
     * (tens of thousands of class files: unpacked once per bundle, cleared by {@code mvn clean}),
     * the functions' lines kept in a {@link RecordedLogs}.
     */
    public static LambdaRuntime forProject(Path projectRoot, Path dataDir) {
        Path target = projectRoot.resolve("local/target");
        return new LambdaRuntime(currentJava(), clientJars(target.resolve("lambda-runtime")),
                dataDir.toAbsolutePath().resolve("lambda"), target.toAbsolutePath().resolve("lambda-tasks"), "us-east-1",
                new RecordedLogs(20_000));
    }

    /** The runtime interface client's jars in {@code dir} (what local/pom.xml copies at build time). */
    public static List<Path> clientJars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))) {
                throw new IllegalStateException("no aws-lambda-java-runtime-interface-client jar in " + dir + ": build the local module first");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the runtime interface client in " + dir + " (build the local module first): " + e.getMessage(), e);
        }
    }

    /** This JVM's own {@code java}. */
    public static Path currentJava() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    String classpath() {
        return clientClasspath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    String functionArn(FunctionSpec spec) {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + spec.name();
    }

    /**
     * What the {@code java21} runtime starts the JVM with: a heap of 85% of the function's memory
     * (445,645 KiB for 512 MB), the serial collector, C1 only, class data sharing.
     */
    List<String> jvmOptions(int memoryMb, Path tmp) throws IOException {
        long heapKb = memoryMb * 1024L * 85 / 100;
        return List.of("-XX:MaxHeapSize=" + heapKb + "k", "-XX:+UseSerialGC", "-Xshare:auto",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Djava.net.preferIPv4Stack=true", "-XX:+ErrorFileToStderr",
                // As Lambda's runtime does: the client's native library from a fixed place. Left to
                // itself the client writes it to /tmp/.libaws-lambda-jni.so, one file that concurrent
                // environments on one machine would overwrite under each other.
                "-D" + JNI_PROPERTY + "=" + jniLibrary(),
                // Each environment has a /tmp of its own in Lambda.
                "-Djava.io.tmpdir=" + tmp,
                // JDK 22+ warns on native calls without it; Lambda's Java 21 does not, so the warning is noise here.
                "--enable-native-access=ALL-UNNAMED");
    }

    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** The client's JNI library for this machine, extracted once from its jar. */
    private Path jniLibrary() throws IOException {
        String name = "libaws-lambda-jni.linux-" + (System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64") + ".so";
        Path target = workDir.resolve("runtime/jni").resolve(name);
        synchronized (UNPACKING) {
            if (Files.isRegularFile(target)) return target;
            Path client = clientClasspath.stream().filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                    .findFirst().orElseThrow();
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(client.toFile())) {
                ZipEntry entry = zip.getEntry("jni/" + name);
                if (entry == null) throw new IOException(client + " has no jni/" + name);
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), name, ".tmp");
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        }
    }

    /**
     * The environment of one execution environment: Lambda's own variables, then the function's
     * configured ones (with {@code /opt} paths pointing at the stand-in), then the local stack's
     * endpoints and credentials. Nothing from this process's environment.
     */
    Map<String, String> environment(FunctionSpec spec, Prepared prepared, String runtimeApi, String logStream) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin:" + prepared.opt().resolve("bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LD_LIBRARY_PATH", prepared.taskRoot().resolve("lib") + ":" + prepared.opt().resolve("lib")
                + ":/lib64:/usr/lib64:/usr/local/lib:/usr/lib/x86_64-linux-gnu");
        for (Map.Entry<String, String> e : spec.environment().entrySet()) {
            if (RESERVED.contains(e.getKey())) continue; // refused by Lambda; FunctionRehearsal reports it
            env.put(e.getKey(), e.getValue().startsWith("/opt/") ? prepared.opt().resolve(e.getValue().substring("/opt/".length())).toString() : e.getValue());
        }
        env.put("_HANDLER", spec.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
        if (spec.logFormat().equalsIgnoreCase("JSON")) env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("LAMBDA_TASK_ROOT", prepared.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", clientClasspath.getFirst().getParent().toString());
        env.putAll(spec.localEnvironment());
        return env;
    }

    /** Unpacks the code asset (once per asset) and makes the {@code /opt} stand-in from the layers. */
    Prepared prepare(FunctionSpec spec) throws IOException {
        Path taskRoot = Files.isDirectory(spec.code()) ? spec.code() : unpack(spec.code());
        synchronized (UNPACKING) {
            return new Prepared(taskRoot, opt(spec));
        }
    }

    private Path opt(FunctionSpec spec) throws IOException {
        Path opt = workDir.resolve("opt").resolve(spec.name());
        Files.createDirectories(opt);
        for (Path layer : spec.layers()) {
            try (Stream<Path> entries = Files.list(layer)) {
                for (Path entry : entries.toList()) {
                    Path link = opt.resolve(entry.getFileName().toString());
                    Files.deleteIfExists(link);
                    Files.createSymbolicLink(link, entry.toAbsolutePath());
                }
            }
        }
        return opt;
    }

    /** The jar's content in a folder named after it (asset names carry their hash), as Lambda unzips into /var/task. */
    private Path unpack(Path archive) throws IOException {
        // CDK names an asset after its content's hash; any other archive is told apart by its size and time.
        String name = archive.getFileName().toString();
        Path dir = taskCache.resolve(name.startsWith("asset.") ? name + "-" + Files.size(archive)
                : name + "-" + Files.size(archive) + "-" + Files.getLastModifiedTime(archive).toMillis());
        // Environments of one function start concurrently; one unpacks, the others wait for it.
        synchronized (UNPACKING) {
            if (Files.isDirectory(dir)) return dir;
            Path tmp = Files.createTempDirectory(Files.createDirectories(taskCache), dir.getFileName() + ".");
            unzip(archive, tmp);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        }
    }

    private static final Object UNPACKING = new Object();

    private static void unzip(Path archive, Path tmp) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                Path target = tmp.resolve(entry.getName()).normalize();
                if (!target.startsWith(tmp)) throw new IOException(archive + ": entry " + entry.getName() + " points outside the task root");
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy((InputStream) zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
