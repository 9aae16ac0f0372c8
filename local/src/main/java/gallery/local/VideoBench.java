package gallery.local;

import gallery.aws.DeploymentClients;
import gallery.core.FileTrees;
import gallery.core.PhotoKey;
import gallery.core.config.Env;
import gallery.imaging.Renderer;
import gallery.imaging.video.VideoContainer;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.worker.VideoService;
import gallery.worker.video.Ffmpeg;
import gallery.worker.video.Probe;
import gallery.worker.video.VideoConfig;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The video lane's speed: a 1080p HEVC clip (an iPhone's default format) put through S3 and the
 * local stack's video lane until its row is READY (probe, poster, H.264 copy, uploads), against
 * ffmpeg alone making the same copy with the same arguments from a local file. Figures are
 * seconds of work per minute of video; the ratio is the lane's overhead.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp local/target/local.jar gallery.local.VideoBench [--seconds N] [--out FILE]</pre>
 */
public final class VideoBench {
    private VideoBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 30;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: VideoBench [--seconds N] [--out FILE]   unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Main.quietLogs(false);
        Path work = Files.createTempDirectory("video-bench");
        try {
            Path clip = work.resolve("hevc1080.mov");
            System.out.printf("making a %d s 1080p30 HEVC clip with noise (x265 medium) ...%n", seconds);
            run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=1920x1080:rate=30:duration=" + seconds + ",noise=alls=12:allf=t",
                    "-f", "lavfi", "-i", "sine=frequency=300:duration=" + seconds,
                    "-c:v", "libx265", "-preset", "fast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p",
                    "-b:v", "8M", "-c:a", "aac", "-shortest", clip.toString()));

            Renderer renderer = Pipeline.renderer(System.getenv());
            VideoConfig config = VideoConfig.fromEnv(new Env(Map.of("DERIVED_BUCKET", "unused", "PHOTO_TABLE", "unused",
                    "VIDEO_WORK_DIR", work.toString())));
            Probe probe = Probe.parse("bench", new Ffmpeg(config).probe("bench", VideoContainer.QUICKTIME, clip));
            VideoService service = new VideoService(config, S3Client.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1).build(),
                    new PhotoIndex(DynamoDbClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1).build(), "unused"), renderer);
            List<String> cmd = new ArrayList<>(List.of(config.ffmpeg().toString(), "-nostdin", "-v", "error", "-y"));
            cmd.addAll(service.copyArgs(VideoContainer.QUICKTIME, clip, work.resolve("alone.mp4"), probe, true));
            System.out.println("ffmpeg alone: " + String.join(" ", cmd));
            long t0 = System.nanoTime();
            run(cmd);
            double alone = (System.nanoTime() - t0) / 1e9;

            double lane;
            Path data = work.resolve("stack");
            try (LocalStack stack = Pipeline.register(LocalStack.builder(data).freePorts(), renderer).start();
                 S3Client s3 = DeploymentClients.s3(stack.deployment()); DynamoDbClient dynamo = DeploymentClients.dynamoDb(stack.deployment())) {
                PhotoIndex index = new PhotoIndex(dynamo, stack.deployment().photoTable());
                PhotoKey key = PhotoKey.of("photos/Bench/IMG_0001.MOV");
                long t1 = System.nanoTime();
                s3.putObject(p -> p.bucket(stack.deployment().originalsBucket()).key(key.value()), RequestBody.fromFile(clip));
                PhotoRow row;
                while (true) {
                    Optional<PhotoRow> r = index.get(key);
                    if (r.isPresent() && r.get().status() != PhotoStatus.PENDING) {
                        row = r.get();
                        break;
                    }
                    Thread.sleep(100);
                }
                lane = (System.nanoTime() - t1) / 1e9;
                if (row.status() != PhotoStatus.READY) throw new IllegalStateException("the bench clip failed: " + row.state().failureReason());
            }
            double perMinute = 60.0 / seconds;
            String report = String.format(Locale.ROOT, """
                    # Video lane: transcode speed

                    `java --enable-native-access=ALL-UNNAMED -cp local/target/local.jar gallery.local.VideoBench --seconds %d`
                    on this machine (%d cores): a %d s 1080p30 HEVC clip (8 Mbit/s, as a phone records) to the web copy
                    (H.264 High, veryfast, CRF 23, at most %d kbit/s, long edge %d, AAC 128k, faststart).

                    | what | seconds for the clip | seconds per minute of 1080p HEVC | speed |
                    | --- | ---: | ---: | ---: |
                    | ffmpeg alone, same arguments, local file | %.1f | %.1f | %.2fx real time |
                    | the video lane: S3 PUT → ingest → probe, poster, copy, uploads → READY | %.1f | %.1f | %.2fx real time |

                    The lane takes %.2fx the time of ffmpeg alone (probe, poster frame and its libvips renditions,
                    S3 download and uploads, DynamoDB, SQS polling).
                    """, seconds, Runtime.getRuntime().availableProcessors(), seconds, config.videoBitrateKbps(), config.maxEdge(),
                    alone, alone * perMinute, seconds / alone, lane, lane * perMinute, seconds / lane, lane / alone);
            System.out.println(report);
            if (out != null) Files.writeString(out, report);
        } finally {
            FileTrees.delete(work);
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IllegalStateException("failed: " + String.join(" ", cmd));
    }
}
