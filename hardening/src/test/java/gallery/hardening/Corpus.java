package gallery.hardening;

import gallery.testing.SampleImages;

import gallery.imaging.vips.Vips;
import gallery.imaging.vips.VipsImage;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The adversarial corpus, generated on each run (nothing binary is committed): valid photos made
 * with ImageIO and with libvips through imaging's binding, then damaged; files of other types under
 * photo names; decompression bombs; valid but unusual images (CMYK, 16-bit); absurd EXIF. Damage is
 * seeded, so every run tries the same bytes.
 */
final class Corpus {
    /** What the system should make of a file. */
    enum Expect {
        /** A valid photo, however unusual: it must render. */
        READY,
        /** Not a photo we accept: a FAILED row that says why. */
        FAILED,
        /**
         * Damage a decoder may legitimately tolerate (a flipped bit in entropy-coded data decodes to
         * wrong pixels, not an error): either outcome is fine, but it must end, and a failure must say why.
         */
        EITHER
    }

    /** One file: in memory, or (the sparse giant) on disk. */
    record Sample(String name, String what, Expect expect, byte[] bytes, Path file) {
        long size() {
            try {
                return bytes != null ? bytes.length : Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static final long GIANT_BYTES = 1L << 30;
    private static final int VIPS_INTERPRETATION_CMYK = 15;

    private final Vips vips = Vips.load(Optional.empty(), 0);
    private final List<Sample> samples = new ArrayList<>();

    /** Generates every sample; the 1 GiB sparse file goes to {@code dir}. */
    static List<Sample> generate(Path dir) throws IOException {
        Corpus c = new Corpus();
        c.controls();
        c.truncatedAndFlipped();
        c.wrongTypes();
        c.bombs();
        c.giant(dir);
        c.unusualButValid();
        c.absurdExif();
        return List.copyOf(c.samples);
    }

    private void add(String name, String what, Expect expect, byte[] bytes) {
        samples.add(new Sample(name, what, expect, bytes, null));
    }

    // ---- valid sources -------------------------------------------------------------------------

    /** A photo-like picture: gradients plus seeded noise, so compressed data is not trivially regular. */
    static BufferedImage picture(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int red = (x * 255 / w + r.nextInt(24)) & 0xFF;
                int green = (y * 255 / h + r.nextInt(24)) & 0xFF;
                int blue = ((x + y) * 127 / (w + h) + 64 + r.nextInt(24)) & 0xFF;
                img.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return img;
    }

    private byte[] viaVips(byte[] jpeg, int width, java.util.function.Function<VipsImage, byte[]> save) {
        try (VipsImage img = vips.thumbnail(vips.buffer(jpeg), width)) {
            return save.apply(img);
        }
    }

    private byte[] webp(byte[] jpeg, int width) {
        return viaVips(jpeg, width, img -> vips.webp(img, "Q", 80));
    }

    private byte[] heic(byte[] jpeg, int width) {
        return viaVips(jpeg, width, img -> vips.heif(img, "Q", 60, "compression", 1 /* HEVC */));
    }

    private void controls() {
        byte[] jpeg = SampleImages.jpeg(picture(640, 480, 1), 0.9f, false);
        add("control.jpg", "valid JPEG 640x480 (control)", Expect.READY, jpeg);
        add("control.png", "valid PNG 320x240 (control)", Expect.READY, SampleImages.imageIo(picture(320, 240, 2), "png"));
        add("control.webp", "valid WebP 480 px from libvips (control)", Expect.READY, webp(jpeg, 480));
        add("control.heic", "valid HEIC 320 px, HEVC from libvips (control)", Expect.READY, heic(jpeg, 320));
        add("control.gif", "valid GIF 200x150 (control)", Expect.READY, SampleImages.imageIo(picture(200, 150, 3), "gif"));
        add("jpeg-named.png", "valid JPEG under a .png name: the type comes from the bytes", Expect.READY, jpeg);
    }

    // ---- damaged -------------------------------------------------------------------------------

    private void truncatedAndFlipped() {
        byte[] jpeg = SampleImages.jpeg(picture(640, 480, 4), 0.9f, false);
        byte[] png = SampleImages.imageIo(picture(320, 240, 5), "png");
        byte[] webp = webp(jpeg, 480);
        byte[] heic = heic(jpeg, 320);
        byte[] gif = SampleImages.imageIo(picture(200, 150, 6), "gif");
        int sos = JpegBytes.scanStart(jpeg);

        add("jpeg-truncated-half.jpg", "JPEG cut at 50%", Expect.FAILED, Arrays.copyOf(jpeg, jpeg.length / 2));
        add("jpeg-truncated-in-header.jpg", "JPEG cut inside its headers (before the scan)", Expect.FAILED, Arrays.copyOf(jpeg, Math.min(sos - 40, 300)));
        add("jpeg-soi-only.jpg", "JPEG start marker and nothing else", Expect.FAILED, new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        add("jpeg-no-eoi.jpg", "JPEG missing only its last 2 bytes (end marker)", Expect.EITHER, Arrays.copyOf(jpeg, jpeg.length - 2));
        add("jpeg-bitflip-scan-8.jpg", "JPEG with 8 bits flipped in the entropy-coded data", Expect.EITHER, flip(jpeg, 11, 8, sos, jpeg.length - 2));
        add("jpeg-bitflip-scan-200.jpg", "JPEG with 200 bits flipped in the entropy-coded data", Expect.EITHER, flip(jpeg, 12, 200, sos, jpeg.length - 2));
        add("jpeg-bitflip-headers.jpg", "JPEG with 40 bits flipped in its headers (tables, frame)", Expect.EITHER, flip(jpeg, 13, 40, 2, sos));
        add("jpeg-zero-dimensions.jpg", "JPEG whose frame header declares 0x0", Expect.FAILED, JpegBytes.withDimensions(jpeg, 0, 0));
        add("png-truncated-half.png", "PNG cut at 50%", Expect.FAILED, Arrays.copyOf(png, png.length / 2));
        add("png-truncated-in-ihdr.png", "PNG cut inside IHDR", Expect.FAILED, Arrays.copyOf(png, 20));
        add("png-bitflip-idat.png", "PNG with 16 bits flipped in IDAT (CRC no longer matches)", Expect.EITHER, flip(png, 14, 16, 60, png.length - 12));
        add("png-bad-ihdr-crc.png", "PNG whose IHDR CRC is wrong", Expect.EITHER, flip(png, 15, 1, 29, 33));
        add("webp-truncated-half.webp", "WebP cut at 50%", Expect.FAILED, Arrays.copyOf(webp, webp.length / 2));
        add("webp-bitflip.webp", "WebP with 16 bits flipped after its headers", Expect.EITHER, flip(webp, 16, 16, 40, webp.length));
        add("webp-riff-size-lie.webp", "WebP whose RIFF size claims 2 GB", Expect.EITHER, riffSize(webp, 0x7FFF_FFF0));
        add("heic-truncated-half.heic", "HEIC cut at 50%", Expect.FAILED, Arrays.copyOf(heic, heic.length / 2));
        add("heic-bitflip.heic", "HEIC with 32 bits flipped in the second half (coded data)", Expect.EITHER, flip(heic, 17, 32, heic.length / 2, heic.length));
        add("heic-ftyp-only.heic", "HEIC file type box and nothing else", Expect.FAILED, Arrays.copyOf(heic, Math.min(heic.length, 32)));
        add("gif-truncated-half.gif", "GIF cut at 50%", Expect.EITHER, Arrays.copyOf(gif, gif.length / 2));
    }

    /** Flips {@code count} seeded bits within [from, to). */
    static byte[] flip(byte[] in, long seed, int count, int from, int to) {
        byte[] out = in.clone();
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) {
            int at = from + r.nextInt(Math.max(1, to - from));
            out[at] ^= (byte) (1 << r.nextInt(8));
        }
        return out;
    }

    private static byte[] riffSize(byte[] webp, int size) {
        byte[] out = webp.clone();
        ByteBuffer.wrap(out, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(size);
        return out;
    }

    // ---- not photos ----------------------------------------------------------------------------

    private void wrongTypes() throws IOException {
        byte[] jpeg = SampleImages.jpeg(picture(320, 240, 7), 0.9f, false);
        byte[] png = SampleImages.imageIo(picture(64, 64, 8), "png");
        byte[] badJpegMagic = jpeg.clone();
        badJpegMagic[0] = 0x00;
        byte[] badPngMagic = png.clone();
        badPngMagic[1] = 'Q';
        add("zero-bytes.jpg", "empty file", Expect.FAILED, new byte[0]);
        add("one-byte.jpg", "a single 0xFF byte", Expect.FAILED, new byte[]{(byte) 0xFF});
        add("wrong-magic-jpeg.jpg", "JPEG whose first byte is 0x00", Expect.FAILED, badJpegMagic);
        add("wrong-magic-png.png", "PNG whose signature reads \\x89QNG", Expect.FAILED, badPngMagic);
        add("random-bytes.jpg", "64 KiB of random bytes", Expect.FAILED, random(64 * 1024, 9));
        add("svg.jpg", "SVG with a script, named .jpg", Expect.FAILED, ("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">"
                + "<script>alert(1)</script><rect width=\"100\" height=\"100\"/></svg>").getBytes(StandardCharsets.UTF_8));
        add("html.jpg", "HTML page named .jpg", Expect.FAILED, "<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>".getBytes(StandardCharsets.UTF_8));
        add("pdf.jpg", "PDF named .jpg", Expect.FAILED, ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                + "trailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII));
        add("zip.jpg", "ZIP archive (holding a JPEG) named .jpg", Expect.FAILED, zip("inside.jpg", jpeg));
        add("bmp.jpg", "BMP (not on the allow-list) named .jpg", Expect.FAILED, SampleImages.imageIo(picture(64, 64, 10), "bmp"));
        add("elf.jpg", "an executable (this JVM's java launcher) named .jpg", Expect.FAILED, javaLauncherHead());
        add("mp4.heic", "ISO-BMFF with an mp4 brand (a video) named .heic", Expect.FAILED, mp4Box());
        add("text.heic", "plain text named .heic", Expect.FAILED, "hello, this is not a picture\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content);
            z.closeEntry();
        }
        return out.toByteArray();
    }

    private static byte[] javaLauncherHead() throws IOException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        byte[] all = Files.readAllBytes(java);
        return Arrays.copyOf(all, Math.min(all.length, 64 * 1024));
    }

    private static byte[] mp4Box() {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putInt(32).put("ftyp".getBytes(StandardCharsets.US_ASCII)).put("isom".getBytes(StandardCharsets.US_ASCII)).putInt(0x200)
                .put("isomiso2avc1mp41".getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    // ---- bombs ---------------------------------------------------------------------------------

    private void bombs() {
        add("png-bomb-60000x60000.png", "PNG declaring 60000x60000 (3.6 GP) in a few hundred bytes", Expect.FAILED, SampleImages.pngDeclaring(60_000, 60_000));
        add("png-bomb-14000x14000.png", "PNG declaring 14000x14000 (196 MP, under the pixel limit) in a few hundred bytes", Expect.FAILED, SampleImages.pngDeclaring(14_000, 14_000));
        add("png-deflate-64mp.png", "PNG 8000x8000, all zero, really deflated (~190 KB): dense data within every limit", Expect.READY, SampleImages.pngBlank(8000, 8000));
        add("gif-5000-frames.gif", "GIF with 5000 1x1 frames (MAX_FRAMES is 1000)", Expect.FAILED, Gif.frames(5000, 1, 1));
        add("gif-screen-65535.gif", "GIF whose logical screen is 65535x65535, one 1x1 frame", Expect.FAILED, Gif.frames(1, 65535, 65535));
        byte[] progressive = SampleImages.jpeg(picture(640, 480, 20), 0.9f, true);
        add("jpeg-progressive-65500x65500.jpg", "progressive JPEG whose frame header declares 65500x65500", Expect.FAILED,
                JpegBytes.withDimensions(progressive, 65500, 65500));
        add("jpeg-progressive-2000-scans.jpg", "progressive JPEG 640x480 with its smallest scan repeated 2000 more times", Expect.EITHER,
                JpegBytes.repeatSmallestScan(progressive, 2000));
        // Issue 15: a 2.2 MB PNG whose zTXt inflated to 2.2 GB made metadata-extractor run out of memory,
        // and the job was retried forever. The same zlib stream in each compressed chunk PNG has.
        byte[] png = SampleImages.imageIo(picture(320, 240, 60), "png");
        byte[] zeros = SampleImages.zlibOfZeros(2_200_000_000L);
        add("png-ztxt-bomb.png", "PNG 320x240 whose zTXt chunk inflates to 2.2 GB", Expect.FAILED,
                SampleImages.pngWithChunk(png, "zTXt", Png.concat("Comment\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{0}, zeros)));
        add("png-itxt-bomb.png", "PNG 320x240 whose compressed iTXt chunk inflates to 2.2 GB", Expect.FAILED,
                SampleImages.pngWithChunk(png, "iTXt", Png.concat("Description\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{1, 0},
                        "en\0\0".getBytes(StandardCharsets.ISO_8859_1), zeros)));
        add("png-iccp-bomb.png", "PNG 320x240 whose iCCP colour profile inflates to 2.2 GB", Expect.FAILED,
                SampleImages.pngWithChunk(png, "iCCP", Png.concat("ICC profile\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{0}, zeros)));
        add("png-ztxt-small.png", "PNG 320x240 with an ordinary 2 KB zTXt comment (valid)", Expect.READY,
                SampleImages.pngWithChunk(png, "zTXt", Png.concat("Comment\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{0},
                        Png.deflate("a family photo, ".repeat(128).getBytes(StandardCharsets.ISO_8859_1)))));
    }

    // ---- 1 GiB -------------------------------------------------------------------------------

    private void giant(Path dir) throws IOException {
        Path file = dir.resolve("giant-1gib.jpg");
        byte[] head = SampleImages.jpeg(picture(64, 64, 30), 0.9f, false);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(head, 0, head.length - 2); // a real JPEG start, then a hole: no disk blocks for the rest
            f.setLength(GIANT_BYTES);
        }
        samples.add(new Sample("giant-1gib.jpg", "1 GiB sparse file starting like a JPEG (MAX_BYTES is 200 MiB)", Expect.FAILED, null, file));
    }

    // ---- valid but unusual ---------------------------------------------------------------------

    private void unusualButValid() {
        byte[] jpeg = SampleImages.jpeg(picture(400, 300, 40), 0.92f, false);
        add("cmyk.jpg", "CMYK JPEG (as print workflows write), made by libvips", Expect.READY,
                viaVips(jpeg, 400, img -> {
                    try (VipsImage cmyk = vips.colourspace(img, VIPS_INTERPRETATION_CMYK)) {
                        return vips.jpeg(cmyk, "Q", 90);
                    }
                }));
        add("png-16bit-rgb.png", "16-bit-per-channel RGB PNG", Expect.READY, SampleImages.imageIo(rgb16(320, 240), "png"));
        add("png-16bit-gray.png", "16-bit grayscale PNG", Expect.READY, SampleImages.imageIo(gray16(320, 240), "png"));
        add("tiff-16bit-rgb.tif", "16-bit-per-channel RGB TIFF", Expect.READY, SampleImages.imageIo(rgb16(320, 240), "tiff"));
        add("jpeg-progressive.jpg", "progressive JPEG (valid)", Expect.READY, SampleImages.jpeg(picture(640, 480, 41), 0.9f, true));
    }

    static BufferedImage rgb16(int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, new int[]{x * 65535 / w, y * 65535 / h, (x + y) * 32767 / (w + h) + 16384});
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    static BufferedImage gray16(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) raster.setSample(x, y, 0, (x * 65535 / w + y * 7) & 0xFFFF);
        return img;
    }

    // ---- absurd EXIF ---------------------------------------------------------------------------

    private void absurdExif() {
        byte[] jpeg = SampleImages.jpeg(picture(480, 320, 50), 0.9f, false);
        add("exif-orientation-0.jpg", "EXIF orientation 0 (undefined)", Expect.READY, JpegBytes.withApp1(jpeg, Exif.orientation(0)));
        add("exif-orientation-9.jpg", "EXIF orientation 9 (out of range)", Expect.READY, JpegBytes.withApp1(jpeg, Exif.orientation(9)));
        add("exif-orientation-65535.jpg", "EXIF orientation 65535", Expect.READY, JpegBytes.withApp1(jpeg, Exif.orientation(65535)));
        add("exif-year-1.jpg", "EXIF DateTimeOriginal 0001:01:01 00:00:00", Expect.READY, JpegBytes.withApp1(jpeg, Exif.dateTaken("0001:01:01 00:00:00")));
        add("exif-year-9999-month-13.jpg", "EXIF DateTimeOriginal 9999:13:45 25:61:61", Expect.READY, JpegBytes.withApp1(jpeg, Exif.dateTaken("9999:13:45 25:61:61")));
        add("exif-5000-tags.jpg", "EXIF IFD0 with 5000 tags (all one APP1 segment holds)", Expect.READY, JpegBytes.withApp1(jpeg, Exif.manyTags(5000)));
        add("exif-ifd-loop.jpg", "EXIF whose next-IFD pointer loops back to IFD0", Expect.READY, JpegBytes.withApp1(jpeg, Exif.loop()));
        add("exif-huge-count.jpg", "EXIF entry claiming 2^31-1 values at an offset past the end", Expect.READY, JpegBytes.withApp1(jpeg, Exif.hugeCount()));
        byte[] tiff = SampleImages.imageIo(picture(160, 120, 51), "tiff");
        add("tiff-4000-tags.tif", "TIFF whose IFD0 carries 4000 extra private tags", Expect.READY, SampleImages.tiffWithPrivateTags(tiff, 4000));
        // libtiff refuses a directory of more than 4096 entries as implausible: refusing is fine too.
        add("tiff-10000-tags.tif", "TIFF whose IFD0 carries 10000 extra private tags", Expect.EITHER, SampleImages.tiffWithPrivateTags(tiff, 10_000));
        add("icc-garbage.jpg", "JPEG with an embedded ICC profile of random bytes", Expect.EITHER,
                SampleImages.withSegments(jpeg, SampleImages.iccSegment(random(2000, 52))));
    }

    // ---- format writers ------------------------------------------------------------------------

    /** JPEG surgery: segments after SOI, frame dimensions, repeated scans. */
    static final class JpegBytes {
        static int scanStart(byte[] jpeg) {
            int i = 2;
            while (i + 4 <= jpeg.length) {
                int marker = jpeg[i + 1] & 0xFF;
                int len = (jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF;
                if (marker == 0xDA) return i + 2 + len;
                i += 2 + len;
            }
            throw new IllegalArgumentException("no SOS");
        }

        static byte[] withDimensions(byte[] jpeg, int w, int h) {
            byte[] out = jpeg.clone();
            int i = 2;
            while (i + 4 <= out.length) {
                int marker = out[i + 1] & 0xFF;
                int len = (out[i + 2] & 0xFF) << 8 | out[i + 3] & 0xFF;
                if (marker >= 0xC0 && marker <= 0xC2) {
                    out[i + 5] = (byte) (h >> 8);
                    out[i + 6] = (byte) h;
                    out[i + 7] = (byte) (w >> 8);
                    out[i + 8] = (byte) w;
                    return out;
                }
                i += 2 + len;
            }
            throw new IllegalArgumentException("no SOF");
        }

        static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
            return SampleImages.withSegments(jpeg, SampleImages.segment(marker, payload));
        }

        static byte[] withApp1(byte[] jpeg, byte[] tiff) {
            ByteArrayOutputStream p = new ByteArrayOutputStream();
            p.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
            p.writeBytes(tiff);
            return withSegment(jpeg, 0xE1, p.toByteArray());
        }

        /**
         * Appends copies of the file's smallest scan (SOS header and entropy-coded data) before EOI
         * until it has {@code extra} more scans: each scan makes a progressive decoder walk every
         * coefficient again, so scan count multiplies decode work while the file stays small.
         */
        static byte[] repeatSmallestScan(byte[] jpeg, int extra) {
            List<Integer> starts = new ArrayList<>();
            for (int i = scanStart(jpeg) - 2; i + 1 < jpeg.length; i++) {
                if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) starts.add(i);
            }
            int eoi = jpeg.length - 2;
            int best = -1, bestLen = Integer.MAX_VALUE;
            for (int k = 0; k < starts.size(); k++) {
                int end = k + 1 < starts.size() ? starts.get(k + 1) : eoi;
                // a scan ends where the next marker segment (DHT, SOS) begins; tables between scans stay with the next one
                int len = end - starts.get(k);
                if (len < bestLen) {
                    bestLen = len;
                    best = starts.get(k);
                }
            }
            byte[] scan = Arrays.copyOfRange(jpeg, best, best + bestLen);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(jpeg, 0, eoi);
            for (int i = 0; i < extra; i++) out.writeBytes(scan);
            out.write(0xFF);
            out.write(0xD9);
            return out.toByteArray();
        }
    }

    /** Big-endian TIFF structures for EXIF blocks. */
    static final class Exif {
        private static final int SHORT = 3, ASCII = 2, LONG = 4, UNDEFINED = 7;

        private static ByteBuffer header(int size) {
            ByteBuffer b = ByteBuffer.allocate(size);
            b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
            return b;
        }

        private static void entry(ByteBuffer b, int tag, int type, int count, int valueOrOffset) {
            b.putShort((short) tag).putShort((short) type).putInt(count).putInt(valueOrOffset);
        }

        static byte[] orientation(int o) {
            ByteBuffer b = header(8 + 2 + 12 + 4);
            b.putShort((short) 1);
            b.putShort((short) 0x0112).putShort((short) SHORT).putInt(1).putShort((short) o).putShort((short) 0);
            b.putInt(0);
            return b.array();
        }

        static byte[] dateTaken(String date) {
            byte[] ascii = (date + "\0").getBytes(StandardCharsets.US_ASCII);
            int ifd0 = 8, exifIfd = ifd0 + 2 + 12 + 4, data = exifIfd + 2 + 12 + 4;
            ByteBuffer b = header(data + ascii.length);
            b.position(ifd0);
            b.putShort((short) 1);
            entry(b, 0x8769, LONG, 1, exifIfd);
            b.putInt(0);
            b.putShort((short) 1);
            entry(b, 0x9003, ASCII, ascii.length, data);
            b.putInt(0);
            b.put(ascii);
            return b.array();
        }

        /** IFD0 with {@code n} entries of tags 0x8000+i (private range), each a SHORT held inline. */
        static byte[] manyTags(int n) {
            ByteBuffer b = header(8 + 2 + 12 * n + 4);
            b.putShort((short) n);
            for (int i = 0; i < n; i++) {
                b.putShort((short) (0x8000 + i)).putShort((short) SHORT).putInt(1).putShort((short) i).putShort((short) 0);
            }
            b.putInt(0);
            return b.array();
        }

        static byte[] loop() {
            ByteBuffer b = header(8 + 2 + 12 + 4);
            b.putShort((short) 1);
            b.putShort((short) 0x0112).putShort((short) SHORT).putInt(1).putShort((short) 1).putShort((short) 0);
            b.putInt(8); // next IFD = IFD0 again
            return b.array();
        }

        static byte[] hugeCount() {
            ByteBuffer b = header(8 + 2 + 12 * 2 + 4);
            b.putShort((short) 2);
            entry(b, 0x010F, ASCII, Integer.MAX_VALUE, 0x7FFF_0000);
            entry(b, 0x927C, UNDEFINED, Integer.MAX_VALUE, 0x7FFF_0000);
            b.putInt(0);
            return b.array();
        }
    }

    static final class Png {
        static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) out.writeBytes(p);
            return out.toByteArray();
        }

        static byte[] deflate(byte[] data) {
            Deflater d = new Deflater(9);
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!d.finished()) z.write(buf, 0, d.deflate(buf));
            d.end();
            return z.toByteArray();
        }
    }

    static final class Gif {
        /** A GIF89a of {@code frames} 1x1 frames on a {@code w}x{@code h} logical screen. */
        static byte[] frames(int frames, int w, int h) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
            out.write(w);
            out.write(w >> 8);
            out.write(h);
            out.write(h >> 8);
            out.write(0x80); // global colour table of 2 entries
            out.write(0);
            out.write(0);
            out.writeBytes(new byte[]{0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            for (int i = 0; i < frames; i++) {
                out.writeBytes(new byte[]{0x21, (byte) 0xF9, 4, 0, 1, 0, 0, 0});           // graphic control: 10 ms
                out.writeBytes(new byte[]{0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0});               // 1x1 at 0,0
                out.writeBytes(new byte[]{2, 2, 0x44, 1, 0});                               // LZW: clear, 0, end
            }
            out.write(0x3B);
            return out.toByteArray();
        }
    }
}
