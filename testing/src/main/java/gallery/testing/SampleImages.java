package gallery.testing;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Sample images made on the spot, for every module's tests: JPEGs via ImageIO with EXIF (every
 * orientation) and ICC segments added, hand-made PNG headers, and the bad files built from them.
 */
public final class SampleImages {
    private SampleImages() {
    }

    /** A landscape image whose quadrants are red (top left), green (top right), blue (bottom left), white. */
    public static BufferedImage quadrants(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean left = x < w / 2, top = y < h / 2;
                img.setRGB(x, y, top ? (left ? 0xFF0000 : 0x00FF00) : (left ? 0x0000FF : 0xFFFFFF));
            }
        }
        return img;
    }

    public static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        return img;
    }

    /**
     * The pixels a camera stores so that applying EXIF {@code orientation} shows {@code upright}.
     * For each stored pixel, the display position it lands on (EXIF 2.32, tag 0x0112).
     */
    public static BufferedImage storedFor(BufferedImage upright, int orientation) {
        int w = upright.getWidth(), h = upright.getHeight();
        boolean swap = orientation >= 5;
        int sw = swap ? h : w, sh = swap ? w : h;
        BufferedImage s = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
        for (int sy = 0; sy < sh; sy++) {
            for (int sx = 0; sx < sw; sx++) {
                int dx, dy;
                switch (orientation) {
                    case 1 -> { dx = sx; dy = sy; }
                    case 2 -> { dx = w - 1 - sx; dy = sy; }
                    case 3 -> { dx = w - 1 - sx; dy = h - 1 - sy; }
                    case 4 -> { dx = sx; dy = h - 1 - sy; }
                    case 5 -> { dx = sy; dy = sx; }
                    case 6 -> { dx = w - 1 - sy; dy = sx; }
                    case 7 -> { dx = w - 1 - sy; dy = h - 1 - sx; }
                    case 8 -> { dx = sy; dy = h - 1 - sx; }
                    default -> throw new IllegalArgumentException("orientation " + orientation);
                }
                s.setRGB(sx, sy, upright.getRGB(dx, dy));
            }
        }
        return s;
    }

    /** A diagonal gradient from {@code from} to {@code to}: real pixels, so renditions are not trivially compressible. */
    public static BufferedImage gradient(int w, int h, Color from, Color to) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, from, w, h, to));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /** A baseline JPEG photo stand-in of this size (a gradient, quality 0.9). */
    public static byte[] photo(int w, int h, Color from, Color to) {
        return jpeg(gradient(w, h, from, to), 0.9f);
    }

    public static byte[] photo(int w, int h) {
        return photo(w, h, Color.ORANGE, Color.BLUE);
    }

    /** The first half of a real JPEG: its header is valid, its pixels end early. */
    public static byte[] truncatedJpeg() {
        byte[] whole = photo(900, 600, Color.RED, Color.GREEN);
        return Arrays.copyOf(whole, whole.length / 2);
    }

    public static byte[] jpeg(BufferedImage img, float quality) {
        return jpeg(img, quality, false);
    }

    public static byte[] jpeg(BufferedImage img, float quality, boolean progressive) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality);
                if (progressive) p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
                writer.write(null, new IIOImage(img, null, null), p);
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gif(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "gif", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image in a format ImageIO writes (tiff, bmp...), baseline, uncompressed. */
    public static byte[] imageIo(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) throw new IllegalArgumentException("ImageIO cannot write " + format);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A TIFF whose first directory carries {@code extra} private tags besides its own (tags 50000 and up,
     * sorted after every registered one). The new directory goes at the end of the file; the old
     * entries' out-of-line values stay where they were.
     */
    public static byte[] tiffWithPrivateTags(byte[] tiff, int extra) {
        ByteBuffer in = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        int ifd = in.getInt(4);
        int n = Short.toUnsignedInt(in.getShort(ifd));
        int newIfd = tiff.length + (tiff.length & 1);
        int total = n + extra;
        if (total > 0xFFFF) throw new IllegalArgumentException("a TIFF directory holds at most 65535 entries");
        ByteBuffer out = ByteBuffer.allocate(newIfd + 2 + 12 * total + 4).order(in.order());
        out.put(tiff);
        out.putInt(4, newIfd);
        out.position(newIfd);
        out.putShort((short) total);
        out.put(tiff, ifd + 2, 12 * n);
        for (int i = 0; i < extra; i++) {
            out.putShort((short) (50_000 + i)).putShort((short) 3).putInt(1).putShort((short) i).putShort((short) 0);
        }
        out.putInt(0);
        return out.array();
    }

    public static BufferedImage read(byte[] bytes) {
        try {
            BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            if (img == null) throw new IllegalArgumentException("ImageIO cannot read these bytes");
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts marker segments right after a JPEG's SOI. */
    public static byte[] withSegments(byte[] jpeg, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (byte[] s : segments) out.writeBytes(s);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    public static byte[] segment(int marker, byte[] payload) {
        int len = payload.length + 2;
        if (len > 0xFFFF) throw new IllegalArgumentException("segment too large");
        ByteBuffer b = ByteBuffer.allocate(len + 2);
        b.put((byte) 0xFF).put((byte) marker).putShort((short) len).put(payload);
        return b.array();
    }

    /** An APP2 ICC_PROFILE segment (one chunk) carrying {@code icc}. */
    public static byte[] iccSegment(byte[] icc) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1));
        p.write(1);
        p.write(1);
        p.writeBytes(icc);
        return segment(0xE2, p.toByteArray());
    }

    /** EXIF content for an APP1 segment. Null fields are left out. */
    public record Exif(int orientation, String make, String model, String dateTimeOriginal, String offsetTimeOriginal,
                Double latitude, Double longitude) {
        public static Exif orientation(int o) {
            return new Exif(o, null, null, null, null, null, null);
        }

        public byte[] app1() {
            List<Entry> ifd0 = new ArrayList<>();
            if (make != null) ifd0.add(Entry.ascii(0x010F, make));
            if (model != null) ifd0.add(Entry.ascii(0x0110, model));
            ifd0.add(Entry.shortValue(0x0112, orientation));
            List<Entry> exif = new ArrayList<>();
            if (dateTimeOriginal != null) exif.add(Entry.ascii(0x9003, dateTimeOriginal));
            if (offsetTimeOriginal != null) exif.add(Entry.ascii(0x9011, offsetTimeOriginal));
            List<Entry> gps = new ArrayList<>();
            if (latitude != null) {
                gps.add(Entry.ascii(0x0001, latitude >= 0 ? "N" : "S"));
                gps.add(Entry.degrees(0x0002, Math.abs(latitude)));
                gps.add(Entry.ascii(0x0003, longitude >= 0 ? "E" : "W"));
                gps.add(Entry.degrees(0x0004, Math.abs(longitude)));
            }
            // Layout: header, IFD0 + data, Exif IFD + data, GPS IFD + data; pointers patched in order.
            int ifd0Size = Entry.size(ifd0.size() + (exif.isEmpty() ? 0 : 1) + (gps.isEmpty() ? 0 : 1), ifd0);
            int exifOffset = 8 + ifd0Size;
            int exifSize = exif.isEmpty() ? 0 : Entry.size(exif.size(), exif);
            int gpsOffset = exifOffset + exifSize;
            if (!exif.isEmpty()) ifd0.add(Entry.longValue(0x8769, exifOffset));
            if (!gps.isEmpty()) ifd0.add(Entry.longValue(0x8825, gpsOffset));
            ByteBuffer tiff = ByteBuffer.allocate(gpsOffset + (gps.isEmpty() ? 0 : Entry.size(gps.size(), gps)));
            tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
            Entry.write(tiff, 8, ifd0);
            if (!exif.isEmpty()) Entry.write(tiff, exifOffset, exif);
            if (!gps.isEmpty()) Entry.write(tiff, gpsOffset, gps);
            ByteArrayOutputStream p = new ByteArrayOutputStream();
            p.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
            p.writeBytes(tiff.array());
            return segment(0xE1, p.toByteArray());
        }
    }

    private record Entry(int tag, int type, int count, byte[] value) {
        static Entry ascii(int tag, String s) {
            byte[] v = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
            return new Entry(tag, 2, v.length, v);
        }

        static Entry shortValue(int tag, int v) {
            return new Entry(tag, 3, 1, new byte[]{(byte) (v >> 8), (byte) v});
        }

        static Entry longValue(int tag, int v) {
            return new Entry(tag, 4, 1, ByteBuffer.allocate(4).putInt(v).array());
        }

        static Entry degrees(int tag, double deg) {
            int d = (int) deg;
            double m = (deg - d) * 60;
            int mm = (int) m;
            long s100 = Math.round((m - mm) * 60 * 100);
            ByteBuffer b = ByteBuffer.allocate(24).putInt(d).putInt(1).putInt(mm).putInt(1).putInt((int) s100).putInt(100);
            return new Entry(tag, 5, 3, b.array());
        }

        static int size(int entries, List<Entry> list) {
            int data = 0;
            for (Entry e : list) if (e.value.length > 4) data += e.value.length + (e.value.length & 1);
            return 2 + 12 * entries + 4 + data;
        }

        /** Writes an IFD at {@code offset} with its out-of-line values right after it. Entries sorted by tag. */
        static void write(ByteBuffer b, int offset, List<Entry> entries) {
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort((x, y) -> Integer.compare(x.tag, y.tag));
            int data = offset + 2 + 12 * sorted.size() + 4;
            b.position(offset);
            b.putShort((short) sorted.size());
            for (Entry e : sorted) {
                b.putShort((short) e.tag).putShort((short) e.type).putInt(e.count);
                if (e.value.length <= 4) {
                    byte[] v = java.util.Arrays.copyOf(e.value, 4);
                    b.put(v);
                } else {
                    b.putInt(data);
                    int here = b.position();
                    b.position(data);
                    b.put(e.value);
                    data += e.value.length + (e.value.length & 1);
                    b.position(here);
                }
            }
            b.putInt(0);
        }
    }

    /**
     * A PNG that declares {@code w×h} RGB in its header but carries only a few bytes of image data:
     * the shape of a decompression bomb, small enough to upload, huge once decoded.
     */
    public static byte[] pngDeclaring(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        Deflater d = new Deflater(9);
        d.setInput(new byte[64 * 1024]); // zero rows: what a bomb would repeat
        d.finish();
        byte[] buf = new byte[4096];
        int n = d.deflate(buf);
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** {@code png} with one more chunk right after IHDR (where text and profiles usually are). */
    public static byte[] pngWithChunk(byte[] png, String type, byte[]... dataParts) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte[] p : dataParts) data.writeBytes(p);
        int afterIhdr = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        chunk(out, type, data.toByteArray());
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    /** A real, complete PNG of zero pixels: every row is filter 0 plus zeros, deflated at level 9. */
    public static byte[] pngBlank(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater d = new Deflater(9);
        byte[] row = new byte[1 + 3 * w];
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        for (int y = 0; y < h; y++) {
            d.setInput(row);
            while (!d.needsInput()) z.write(buf, 0, d.deflate(buf));
        }
        d.finish();
        while (!d.finished()) z.write(buf, 0, d.deflate(buf));
        d.end();
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A zlib stream of {@code n} zero bytes (about a thousandth of {@code n}): a compressed chunk's bomb. */
    public static byte[] zlibOfZeros(long n) {
        Deflater d = new Deflater(1);
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        for (long left = n; left > 0; left -= zeros.length) {
            d.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            while (!d.needsInput()) z.write(buf, 0, d.deflate(buf));
        }
        d.finish();
        while (!d.finished()) z.write(buf, 0, d.deflate(buf));
        d.end();
        return z.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
