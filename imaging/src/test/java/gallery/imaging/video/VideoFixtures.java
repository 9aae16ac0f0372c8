package gallery.imaging.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test videos made on the spot with the machine's ffmpeg (Debian's; the gallery script installs
 * it), once per JVM, in a temporary folder: what phones write and every kind of bad file.
 */
public final class VideoFixtures {
    private static Path dir;

    private VideoFixtures() {
    }

    /** H.264 + AAC MP4, 640x360, 3 s, index at the end (as phones write it): plays in every browser. */
    public static Path h264Mp4() {
        return make("h264.mp4", out -> ffmpeg("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=3",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", "-metadata", "creation_time=2024-05-01T10:00:00Z", out.toString()));
    }

    /**
     * An iPhone-style HEVC MOV recorded portrait: 1280x720 stored, rotation 90 (shown 720x1280),
     * 2 s, the Apple keys for creation date (+02:00), make, model and location, and {@code ©xyz}-free.
     */
    public static Path hevcMovPortrait() {
        return make("portrait.mov", out -> {
            Path landscape = out.resolveSibling("portrait-unrotated.mov");
            ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=2", "-f", "lavfi", "-i", "sine=frequency=300:duration=2",
                    "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", "-movflags", "use_metadata_tags",
                    "-metadata", "com.apple.quicktime.creationdate=2024-07-14T11:21:07+0200",
                    "-metadata", "com.apple.quicktime.make=Apple", "-metadata", "com.apple.quicktime.model=iPhone 15",
                    "-metadata", "com.apple.quicktime.location.ISO6709=+48.8584+002.2945+035.000/",
                    "-metadata", "creation_time=2024-07-14T09:21:07Z", landscape.toString());
            // ffmpeg 5.1 writes the display matrix when remuxing with the rotate tag, not when encoding.
            ffmpeg("-i", landscape.toString(), "-map", "0", "-c", "copy", "-metadata:s:v:0", "rotate=90",
                    "-movflags", "use_metadata_tags", "-map_metadata", "0", out.toString());
        });
    }

    /** An Android-style H.264 MP4 with the location in {@code ©xyz} (QuickTime user data). */
    public static Path androidMp4WithXyz() {
        return make("android.mov", out -> ffmpeg("-f", "lavfi", "-i", "testsrc2=size=480x270:rate=30:duration=2",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-f", "mov",
                "-metadata", "location=+52.5200+013.4050/", out.toString()));
    }

    /** A 4K (3840x2160) H.264 clip of 2 s: longer than the copy's edge, so it is transcoded down. */
    public static Path fourK() {
        return make("4k.mp4", out -> ffmpeg("-f", "lavfi", "-i", "testsrc2=size=3840x2160:rate=30:duration=2",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", out.toString()));
    }

    /** A WebM (VP9 + Opus) clip of 2 s. */
    public static Path webm() {
        return make("clip.webm", out -> ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15:duration=2",
                "-f", "lavfi", "-i", "sine=frequency=500:duration=2", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
                "-c:a", "libopus", "-shortest", out.toString()));
    }

    /** A 1080p HEVC clip of the given length, for the bench. */
    public static Path hevc1080(int seconds) {
        return make("hevc1080-" + seconds + "s.mov", out -> ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=300:duration=" + seconds,
                "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", out.toString()));
    }

    /** The H.264 MP4 cut at 60%: its index (at the end) is gone and its media data runs past the end. */
    public static Path truncatedMp4() {
        return make("truncated.mp4", out -> {
            byte[] whole = read(h264Mp4());
            write(out, Arrays.copyOf(whole, whole.length * 6 / 10));
        });
    }

    /** The H.264 MP4 with its index first (faststart) and the media data overwritten: structure valid, frames garbage. */
    public static Path corruptFrames() {
        return make("corrupt.mp4", out -> {
            Path faststart = out.resolveSibling("faststart.mp4");
            ffmpeg("-i", h264Mp4().toString(), "-c", "copy", "-movflags", "+faststart", faststart.toString());
            byte[] b = read(faststart);
            int mdat = boxOffset(b, "mdat");
            java.util.Random random = new java.util.Random(17);
            for (int i = mdat + 4; i < b.length; i++) b[i] = (byte) random.nextInt(256);
            write(out, b);
        });
    }

    /** AAC sound in an MP4, no picture. */
    public static Path audioOnly() {
        return make("audio.mp4", out -> ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "aac", "-f", "mp4", out.toString()));
    }

    /** An empty .mov. */
    public static Path empty() {
        return make("empty.mov", out -> write(out, new byte[0]));
    }

    /** An {@code ftyp isom} header followed by bytes that are no boxes at all (a renamed file, a forged header). */
    public static Path lyingFtyp() {
        return make("lying.mp4", out -> {
            byte[] b = new byte[4096];
            new java.util.Random(3).nextBytes(b);
            byte[] ftyp = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
            System.arraycopy(ftyp, 0, b, 0, ftyp.length);
            b[24] = 0x7F; // the next "box" claims ~2 GB
            write(out, b);
        });
    }

    // ---------------------------------------------------------------- plumbing

    private interface Maker {
        void make(Path out) throws IOException;
    }

    private static synchronized Path make(String name, Maker maker) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("video-fixtures");
                dir.toFile().deleteOnExit();
            }
            Path out = dir.resolve(name);
            if (!Files.exists(out)) {
                maker.make(out);
                out.toFile().deleteOnExit();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, byte[] b) throws IOException {
        Files.write(p, b);
    }

    /** Where the ISO-BMFF box named ASCII (e.g. {@code moov}) first appears in B; fails when it does not. */
    public static int boxOffset(byte[] b, String ascii) {
        byte[] n = ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + n.length <= b.length; i++) {
            for (int j = 0; j < n.length; j++) if (b[i + j] != n[j]) continue outer;
            return i;
        }
        throw new IllegalStateException("no " + ascii + " box");
    }

    /** Runs the machine's ffmpeg; fails the test with its output if it fails. */
    public static void ffmpeg(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg failed (" + String.join(" ", cmd) + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ffmpeg is not installed? (./gallery installs Debian's): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
