package gallery.local;

import gallery.core.deploy.Deployment;
import gallery.local.LocalPhotos.LocalPhoto;
import gallery.local.deployed.CloudAssembly;
import gallery.local.deployed.Synth;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar local.jar [--photos DIR | --no-photos] [--data DIR] [--web DIR] [--*-port N]}
 * ({@code ./gallery up}): starts the whole gallery on 127.0.0.1, uploads the photos through S3
 * showing how far the pipeline got, prints where to look and how to add more, and runs until
 * Ctrl-C or SIGTERM, which stop everything (cognito-local's node process included).
 */
public final class Main {
    static final String USAGE = """
            usage: java --enable-native-access=ALL-UNNAMED -jar local/target/local.jar [options]   (./gallery up [options])
              --photos DIR         upload the photos under DIR (album = DIR's name, subfolders are albums of their own);
                                   default: sample photos from Debian's mate-backgrounds and tools/node_modules/exif
              --no-photos          upload nothing
              --data DIR           where S3 objects, the DynamoDB table, keys and Cognito state live (default .data)
              --web DIR            the built web UI (default web/dist)
              --tools DIR          the npm packages with cognito-local (default tools)
              --edge-port N        the gallery, as CloudFront (default 8400)
              --s3-port N          S3 (default 8401)
              --sqs-port N         SQS (default 8402)
              --dynamodb-port N    DynamoDB (default 8403)
              --cognito-port N     Cognito (default 8404)
              --as-deployed        run every function as the CDK stack deploys it: synthesize the stack, then each
                                   function in a JVM of its own from its bundle, through AWS's runtime interface
                                   client, with the template's handler, memory, timeout, layers and environment
              --assembly DIR       with --as-deployed: the functions of this synthesized stack (a cdk.out, e.g. the
                                   one you are about to deploy) instead of synthesizing one
              --verbose            log what every part does, the functions' log lines too (default: warnings only)
            A port of 0 takes a free one. Contract variables such as VIPS_LIBRARY, PRESET or COOKIE_LIFETIME
            are read from the environment as a Lambda would (docs/architecture.md).""";

    /** Parsed command line. {@code photos} empty: the samples; {@code upload} false: none. */
    record Args(Gallery.Options options, Optional<Path> photos, boolean upload, boolean verbose, boolean help, boolean asDeployed,
                Optional<Path> assembly) {
    }

    private Main() {
    }

    public static void main(String[] argv) throws InterruptedException {
        Args args;
        try {
            args = parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (args.help()) {
            System.out.println(USAGE);
            return;
        }
        quietLogs(args.verbose());
        PrintStream out = System.out;
        List<LocalPhoto> photos;
        try {
            photos = !args.upload() ? List.of()
                    : args.photos().map(LocalPhotos::inFolder).orElseGet(() -> LocalPhotos.samples(args.options().toolsDir()));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }

        out.println("starting the gallery (S3, SQS, DynamoDB, Cognito, pipeline, edge) in " + args.options().dataDir().toAbsolutePath() + " ...");
        long t0 = System.nanoTime();
        Gallery gallery;
        try {
            CloudAssembly deployed = null;
            if (args.asDeployed()) {
                Path root = projectRoot().orElseThrow(() -> new IllegalStateException("--as-deployed needs the project (tools/, infra/) around the jar"));
                if (args.assembly().isPresent()) {
                    deployed = CloudAssembly.read(args.assembly().get());
                } else {
                    out.println("synthesizing the stack (infra/, the pinned CDK CLI) ...");
                    deployed = Synth.forGallery(root, args.options().dataDir());
                }
                out.println("running its " + deployed.functions().stream().filter(CloudAssembly.Function::isJava).count()
                        + " Java functions as deployed, each in a JVM of its own (" + deployed.dir() + ")");
            }
            gallery = Gallery.start(args.options(), deployed);
        } catch (BindException e) {
            System.err.println("error: the edge port " + args.options().edgePort() + " is in use (" + e.getMessage()
                    + "): is the gallery already running? Stop it, or pass --edge-port N");
            System.exit(1);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("error: the gallery did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            System.out.println("\nstopping the gallery ...");
            gallery.close();
            System.out.println("stopped.");
            stopped.countDown();
        }, "gallery-shutdown"));
        out.printf("up in %.1f s: open %s/ (data in %s)%n", (System.nanoTime() - t0) / 1e9, gallery.siteUrl(),
                args.options().dataDir().toAbsolutePath());

        if (!photos.isEmpty()) {
            out.println("uploading " + photos.size() + " photos through S3 into " + gallery.deployment().originalsBucket()
                    + "/photos/... and rendering them:");
            try {
                PhotoImport.Progress last = gallery.photoImport().run(photos, Duration.ofMinutes(5), p -> out.println("  " + p.line()));
                if (!last.settled()) out.println("  (still rendering " + last.pending() + "; they appear in the gallery when ready)");
            } catch (RuntimeException e) {
                if (stopping.get()) {
                    stopped.await();
                    return;
                }
                System.err.println("warning: the upload stopped: " + e.getMessage() + " (the gallery keeps running)");
            }
        } else if (args.upload()) {
            out.println("no photos found to upload.");
        }
        if (!stopping.get()) out.println(banner(gallery));
        stopped.await();
    }

    static Args parse(String[] argv) {
        Gallery.Options o = Gallery.Options.defaults(Path.of(".data"));
        Path data = o.dataDir();
        Optional<Path> root = projectRoot();
        Path web = root.map(r -> r.resolve("web/dist")).orElse(o.webDir());
        Path tools = root.map(r -> r.resolve("tools")).orElse(o.toolsDir());
        int edge = o.edgePort();
        int s3 = o.s3Port();
        int sqs = o.sqsPort();
        int dynamo = o.dynamoDbPort();
        int cognito = o.cognitoPort();
        Path photos = null;
        boolean upload = true;
        boolean verbose = false;
        boolean asDeployed = false;
        Path assembly = null;
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return new Args(o, Optional.empty(), false, false, true, false, Optional.empty());
                }
                case "--no-photos" -> upload = false;
                case "--verbose", "-v" -> verbose = true;
                case "--as-deployed" -> asDeployed = true;
                default -> {
                    if (!arg.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + arg);
                    if (i + 1 >= argv.length) throw new IllegalArgumentException(arg + " needs a value");
                    String value = argv[++i];
                    switch (arg) {
                        case "--data" -> data = Path.of(value);
                        case "--photos" -> photos = Path.of(value);
                        case "--web" -> web = Path.of(value);
                        case "--tools" -> tools = Path.of(value);
                        case "--edge-port" -> edge = port(arg, value);
                        case "--s3-port" -> s3 = port(arg, value);
                        case "--sqs-port" -> sqs = port(arg, value);
                        case "--dynamodb-port" -> dynamo = port(arg, value);
                        case "--cognito-port" -> cognito = port(arg, value);
                        case "--assembly" -> assembly = Path.of(value);
                        default -> throw new IllegalArgumentException("unknown option " + arg);
                    }
                }
            }
        }
        if (!upload && photos != null) throw new IllegalArgumentException("--photos and --no-photos contradict each other");
        Gallery.Options options = new Gallery.Options(data, web, tools, edge, s3, sqs, dynamo, cognito, System.getenv());
        if (assembly != null && !asDeployed) throw new IllegalArgumentException("--assembly goes with --as-deployed");
        return new Args(options, Optional.ofNullable(photos), upload, verbose, false, asDeployed, Optional.ofNullable(assembly));
    }

    /**
     * The project's folder (the one with tools/package.json): above the jar, else above the working
     * directory, so the jar finds cognito-local and the UI wherever it is started from.
     */
    public static Optional<Path> projectRoot() {
        List<Path> starts = new java.util.ArrayList<>();
        try {
            starts.add(Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code source (unusual class loader): the working directory still works
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
                if (java.nio.file.Files.isRegularFile(p.resolve("tools/package.json"))) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) return port;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " " + value + ": expected a port number 0..65535");
    }

    /**
     * The console is for the person running the gallery: progress and the banner. The parts' own
     * INFO chatter (Jetty, Pekko, S3Proxy, every job) only with --verbose; warnings always.
     * Set before the first logger exists (slf4j-simple reads these once).
     */
    public static void quietLogs(boolean verbose) {
        for (Map.Entry<String, String> e : Map.of(
                "org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn",
                "org.slf4j.simpleLogger.showDateTime", "true",
                "org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss",
                "org.slf4j.simpleLogger.showShortLogName", "true",
                "org.slf4j.simpleLogger.showLogName", "false",
                // Pekko (inside ElasticMQ) warns at every stop that the JVM is already shutting down.
                "org.slf4j.simpleLogger.log.org.apache.pekko.actor.CoordinatedShutdown", "error").entrySet()) {
            if (System.getProperty(e.getKey()) == null) System.setProperty(e.getKey(), e.getValue());
        }
    }

    /** The admin tool's --local defaults to .data; any other data folder is named. */
    private static String dataOption(Path data) {
        return data.normalize().equals(Path.of(".data")) ? "" : " " + data.toAbsolutePath();
    }

    static String banner(Gallery gallery) {
        Deployment d = gallery.deployment();
        String password = gallery.demoPasswordIsTemporary()
                ? "temporary password: " + gallery.pool().temporaryPassword() + "   (you choose a new one at the first sign-in)"
                : "password:           the one you chose at the first sign-in";
        return String.format("""

                ================================================================================
                 The gallery is running:   %s/
                   user:               %s
                   %s
                ================================================================================
                 Add photos with any S3 client (they appear once rendered; the folder is the album):
                   export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_DEFAULT_REGION=%s
                   aws --endpoint-url %s s3 cp photo.jpg "s3://%s/photos/My Album/photo.jpg"
                   aws --endpoint-url %s s3 sync ~/Pictures/Holiday "s3://%s/photos/Holiday/"
                 Endpoints, bucket/queue/table names and the demo login: %s
                 Admin tool: ./gallery admin status --local%s   (it reads that file)
                 Stop with Ctrl-C; data stays in %s for the next start.
                ================================================================================
                """,
                gallery.siteUrl(), gallery.pool().demoUsername(), password,
                d.accessKeyId(), d.secretAccessKey(), d.region(),
                d.endpoints().s3(), d.originalsBucket(), d.endpoints().s3(), d.originalsBucket(),
                gallery.endpointsFile().toAbsolutePath(), dataOption(gallery.endpointsFile().getParent()),
                gallery.endpointsFile().toAbsolutePath().getParent());
    }
}
