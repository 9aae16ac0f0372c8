package gallery.admin;

import gallery.core.config.Env;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import gallery.imaging.ImagingConfig;
import gallery.imaging.Renderer;
import gallery.index.PhotoTable;
import gallery.ingest.IngestConfig;
import gallery.ingest.IngestHandler;
import gallery.aws.DeploymentClients;
import gallery.local.GalleryFixture;
import gallery.local.LocalStack;
import gallery.worker.RenderHandler;
import gallery.worker.VideoHandler;
import gallery.worker.video.VideoConfig;
import gallery.worker.WorkerConfig;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real local stack on free ports in a test folder ({@link GalleryFixture}), with the real ingest and
 * render handlers on the lanes a test asks for, and the admin tool run against it exactly as a person runs it
 * ({@code --local <folder>}).
 */
final class LocalGallery extends GalleryFixture {
    private static Renderer renderer;

    final Path data;

    private LocalGallery(Path data, LocalStack stack) {
        super(stack, true);
        this.data = data;
    }

    static LocalGallery start(Path data, Set<Lane> lanes) {
        return start(data, lanes, Map.of(), b -> b);
    }

    /**
     * @param extraEnv configuration the handlers see on top of the deployment's (e.g. {@code PRESET})
     */
    static LocalGallery start(Path data, Set<Lane> lanes, Map<String, String> extraEnv,
                              java.util.function.UnaryOperator<LocalStack.Builder> tweak) {
        LocalStack.Builder b = LocalStack.builder(data).freePorts().tableInitializer(PhotoTable::create);
        for (Lane lane : EnumSet.copyOf(lanes.isEmpty() ? EnumSet.noneOf(Lane.class) : lanes)) {
            if (lane == Lane.INGEST) {
                b.handler(lane, d -> new IngestHandler(IngestConfig.fromEnv(env(d, extraEnv)), DeploymentClients.s3(d),
                        DeploymentClients.sqs(d), DeploymentClients.dynamoDb(d)));
            } else if (lane == Lane.VIDEO) {
                b.handler(lane, d -> {
                    VideoConfig config = VideoConfig.fromEnv(env(d, extraEnv));
                    return new VideoHandler(config, DeploymentClients.s3(d), DeploymentClients.dynamoDb(d), renderer(config.imaging()));
                });
            } else {
                b.handler(lane, d -> {
                    WorkerConfig config = WorkerConfig.fromEnv(env(d, extraEnv));
                    return new RenderHandler(config, DeploymentClients.s3(d), DeploymentClients.dynamoDb(d), renderer(config.imaging()));
                });
            }
        }
        return new LocalGallery(data, tweak.apply(b).start());
    }

    private static synchronized Renderer renderer(ImagingConfig config) {
        if (renderer == null) renderer = new Renderer(config);
        return renderer;
    }

    private static Env env(Deployment d, Map<String, String> extra) {
        Map<String, String> vars = new HashMap<>(d.environment());
        vars.putAll(extra);
        return new Env(vars);
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code gallery admin ARGS... --local <data>}, as `./gallery admin` would. */
    Run admin(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--local");
        all.add(data.toString());
        return Main0.run(all.toArray(String[]::new));
    }

    /** Runs the tool with exactly these arguments. */
    static final class Main0 {
        static Run run(String... args) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(), err.toString());
        }
    }
}
