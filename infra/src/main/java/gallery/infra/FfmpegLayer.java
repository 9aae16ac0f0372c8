package gallery.infra;

import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ffmpeg and ffprobe for the video worker: the static linux-arm64 binaries shipped inside the npm
 * packages {@code @ffmpeg-installer/linux-arm64} (ffmpeg, git build N-49006 by John Van Sickle)
 * and {@code @ffprobe-installer/linux-arm64} (ffprobe, N-66595), tools/package.json. Both are
 * GPLv3 builds (libx264, libx265) with FFmpeg's own HEVC, H.264, VP9 and AV1 decoders; they run as
 * separate processes, so the gallery's code is not linked with them. Giving the layer to anyone
 * else (another account, a public layer) is distributing GPLv3 binaries and needs their source
 * offered with it: docs/deploy.md.
 */
public final class FfmpegLayer extends Construct {
    static final String FFMPEG_PACKAGE = "@ffmpeg-installer/linux-arm64";
    static final String FFPROBE_PACKAGE = "@ffprobe-installer/linux-arm64";

    private final LayerVersion layer;

    public FfmpegLayer(Construct scope, String id, Path projectRoot) {
        super(scope, id);
        Path modules = projectRoot.resolve("tools/node_modules");
        Path staged = projectRoot.resolve("infra/target/ffmpeg-layer/bin");
        stage(modules.resolve(FFMPEG_PACKAGE).resolve("ffmpeg"), staged.resolve("ffmpeg"));
        stage(modules.resolve(FFPROBE_PACKAGE).resolve("ffprobe"), staged.resolve("ffprobe"));
        this.layer = LayerVersion.Builder.create(this, "Layer")
                .code(Code.fromAsset(staged.getParent().toString()))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .description("ffmpeg from " + FFMPEG_PACKAGE + ", ffprobe from " + FFPROBE_PACKAGE + " (GPLv3 static builds)")
                .build();
    }

    public LayerVersion layer() {
        return layer;
    }

    /** Where the video worker finds the binaries: Lambda unpacks a layer under {@code /opt}. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FFMPEG_PATH", "/opt/bin/ffmpeg");
        env.put("FFPROBE_PATH", "/opt/bin/ffprobe");
        return env;
    }

    private static void stage(Path from, Path to) {
        if (!Files.isRegularFile(from)) {
            throw new IllegalStateException("ffmpeg layer source " + from + " is missing: run `npm ci` in tools/");
        }
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            // npm's install scripts (which chmod these) may be off; Lambda runs what the zip marks executable.
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + from + " in " + to + ": " + e.getMessage(), e);
        }
    }
}
