package gallery.imaging.video;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An iPhone Live Photo made on the spot: a HEIC still (Debian's ffmpeg draws it, heif-enc encodes it,
 * keeping the JPEG's EXIF) whose EXIF carries Apple's maker note with the content identifier (tag 0x11,
 * as iOS writes it), and a short HEVC MOV with the same identifier in the QuickTime key
 * {@code com.apple.quicktime.content.identifier}. A null identifier leaves it out of both.
 */
public final class LivePhotoFixtures {
    private LivePhotoFixtures() {
    }

    /** The still and the motion of one capture. */
    public record Pair(Path still, Path motion) {
    }

    public static Pair livePhoto(String name, String contentId) {
        return new Pair(still(name, contentId), motion(name, contentId));
    }

    /** A 640x480 HEIC still; its EXIF names Apple, an iPhone, and the content identifier. */
    public static Path still(String name, String contentId) {
        Path dir = dir(name);
        Path heic = dir.resolve(name + ".HEIC");
        if (Files.exists(heic)) return heic;
        Path plain = dir.resolve(name + "-plain.jpg");
        Path jpeg = dir.resolve(name + ".jpg");
        VideoFixtures.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=640x480", "-frames:v", "1", plain.toString());
        try {
            byte[] j = Files.readAllBytes(plain);
            byte[] app1 = app1(contentId);
            ByteArrayOutputStream out = new ByteArrayOutputStream(j.length + app1.length);
            out.write(j, 0, 2); // SOI, then the EXIF segment, then the rest
            out.writeBytes(app1);
            out.write(j, 2, j.length - 2);
            Files.write(jpeg, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("heif-enc", "-q", "50", "-o", heic.toString(), jpeg.toString()));
        return heic;
    }

    /** A 1.5 s 640x480 HEVC MOV, as an iPhone's Live Photo motion. */
    public static Path motion(String name, String contentId) {
        Path mov = dir(name).resolve(name + ".MOV");
        if (Files.exists(mov)) return mov;
        List<String> args = new java.util.ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=640x480:rate=30:duration=1.5",
                "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p",
                "-movflags", "use_metadata_tags", "-metadata", "com.apple.quicktime.make=Apple"));
        if (contentId != null) args.addAll(List.of("-metadata", "com.apple.quicktime.content.identifier=" + contentId));
        args.addAll(List.of("-f", "mov", mov.toString()));
        VideoFixtures.ffmpeg(args.toArray(String[]::new));
        return mov;
    }

    /** An EXIF APP1 segment (big-endian TIFF): Make, Model, and an Exif IFD whose MakerNote is Apple's. */
    static byte[] app1(String contentId) {
        byte[] make = ascii("Apple"), model = ascii("iPhone 15");
        // Apple's maker note: "Apple iOS\0", version 1, "MM", then an IFD whose offsets count from the note's start.
        byte[] note;
        if (contentId == null) {
            note = concat("Apple iOS\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{0, 1, 'M', 'M'}, u16(0), u32(0));
        } else {
            byte[] id = ascii(contentId);
            int valueAt = 14 + 2 + 12 + 4;
            note = concat("Apple iOS\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{0, 1, 'M', 'M'},
                    u16(1), entry(0x0011, 2, id.length, valueAt), u32(0), id);
        }
        int ifd0 = 8, ifd0Len = 2 + 3 * 12 + 4;
        int makeAt = ifd0 + ifd0Len, modelAt = makeAt + make.length, exifAt = modelAt + model.length;
        int exifLen = 2 + 12 + 4, noteAt = exifAt + exifLen;
        byte[] tiff = concat(new byte[]{'M', 'M', 0, 42}, u32(ifd0),
                u16(3), entry(0x010F, 2, make.length, makeAt), entry(0x0110, 2, model.length, modelAt), entry(0x8769, 4, 1, exifAt), u32(0),
                make, model,
                u16(1), entry(0x927C, 7, note.length, noteAt), u32(0),
                note);
        byte[] body = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff);
        return concat(new byte[]{(byte) 0xFF, (byte) 0xE1}, u16(body.length + 2), body);
    }

    private static byte[] entry(int tag, int type, int count, int valueOrOffset) {
        return ByteBuffer.allocate(12).putShort((short) tag).putShort((short) type).putInt(count).putInt(valueOrOffset).array();
    }

    private static byte[] ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(b, b.length + 1 + ((b.length + 1) % 2)); // NUL-terminated, even length
    }

    private static byte[] u16(int v) {
        return new byte[]{(byte) (v >> 8), (byte) v};
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static Path dir(String name) {
        try {
            Path d = Path.of(System.getProperty("java.io.tmpdir"), "live-photo-fixtures-" + ProcessHandle.current().pid(), name);
            Files.createDirectories(d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(cmd.get(0) + " is not installed? (./gallery installs libheif-examples): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
