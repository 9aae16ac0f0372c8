package gallery.imaging;

import gallery.testing.SampleImages;

import javax.imageio.ImageIO;
import java.awt.RenderingHints;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HEIC test files, encoded by Debian's {@code heif-enc} (libheif-examples, with x265) from a real photo,
 * as an iPhone would write them: 8-bit, 10-bit, a 512-pixel tile grid, rotated by the container
 * ({@code irot}, orientation 6), with a Display P3 profile, and one cut short. heif-enc (libheif 1.15)
 * writes neither grids nor {@code irot}; those two are re-wrapped here around its HEVC data
 * ({@link #wrap}), following ISO/IEC 23008-12 (HEIF) and 14496-12 (ISO BMFF).
 */
final class HeicFixtures {
    /** A real photo (2560x1600, Debian's mate-backgrounds). */
    static final Path PHOTO = Path.of("/usr/share/backgrounds/mate/nature/Garden.jpg");
    static final int TILE = 512;

    private HeicFixtures() {
    }

    /** Every fixture, made into {@code dir} (reused when already there): name → file. */
    static Map<String, Path> make(Path dir) throws IOException {
        Files.createDirectories(dir);
        BufferedImage photo = ImageIO.read(PHOTO.toFile());
        Map<String, Path> out = new LinkedHashMap<>();
        // 12 MP, an iPhone's main camera size.
        BufferedImage twelve = scale(photo, 4032, 3024);
        out.put("8bit-12mp.heic", encode(dir, "8bit-12mp.heic", SampleImages.jpeg(twelve, 0.95f), "jpg"));
        BufferedImage small = scale(photo, 1600, 1000);
        out.put("10bit.heic", encode(dir, "10bit.heic", png16(small), "png"));
        byte[] p3 = SampleImages.withSegments(SampleImages.jpeg(small, 0.95f), SampleImages.iccSegment(displayP3()));
        out.put("display-p3.heic", encode(dir, "display-p3.heic", p3, "jpg"));
        Path plain = encode(dir, "plain.heic", SampleImages.jpeg(small, 0.95f), "jpg");
        out.put("plain.heic", plain);
        // Stored sideways, shown upright by irot: what orientation 6 means.
        out.put("orientation-6.heic", write(dir, "orientation-6.heic", () -> {
            Coded c = Coded.read(Files.readAllBytes(encode(dir, "sideways.heic",
                    SampleImages.jpeg(SampleImages.storedFor(small, 6), 0.95f), "jpg")));
            return wrap(List.of(c), 1, 1, c.width, c.height, 3);
        }));
        // 4x3 tiles of 512, cropped to 2000x1500 as an iPhone crops its 8x6 tiles to 4032x3024.
        BufferedImage grid = scale(photo, 2000, 1500);
        out.put("grid.heic", write(dir, "grid.heic", () -> {
            List<Coded> tiles = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    BufferedImage tile = new BufferedImage(TILE, TILE, BufferedImage.TYPE_INT_RGB);
                    var g = tile.createGraphics();
                    g.drawImage(grid, -c * TILE, -r * TILE, null);
                    g.dispose();
                    tiles.add(Coded.read(Files.readAllBytes(encode(dir, "tile-" + r + "-" + c + ".heic",
                            SampleImages.jpeg(tile, 0.95f), "jpg"))));
                }
            }
            return wrap(tiles, 4, 3, 2000, 1500, 0);
        }));
        byte[] whole = Files.readAllBytes(plain);
        out.put("truncated.heic", write(dir, "truncated.heic", () -> Arrays.copyOf(whole, whole.length * 2 / 3)));
        return out;
    }

    /** The upright image each fixture shows, for comparing (grid: the cropped whole; rotated: upright). */
    static BufferedImage scale(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private interface Bytes {
        byte[] get() throws IOException;
    }

    private static Path write(Path dir, String name, Bytes bytes) throws IOException {
        Path f = dir.resolve(name);
        if (!Files.exists(f)) Files.write(f, bytes.get());
        return f;
    }

    /** heif-enc, quality 90; a 16-bit PNG becomes a 10-bit HEIC (heif-enc's default for deep input). */
    private static Path encode(Path dir, String name, byte[] input, String ext) throws IOException {
        Path out = dir.resolve(name);
        if (Files.exists(out)) return out;
        Path in = dir.resolve(name + "." + ext);
        Files.write(in, input);
        Process p = new ProcessBuilder("heif-enc", "-q", "90", "-o", out.toString(), in.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("heif-enc failed for " + name + ": " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Files.delete(in);
        return out;
    }

    /** A 16-bit-per-sample RGB PNG of the image (the low byte repeats the high one). */
    private static byte[] png16(BufferedImage img) throws IOException {
        int w = img.getWidth(), h = img.getHeight();
        ComponentColorModel cm = new ComponentColorModel(java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB),
                new int[]{16, 16, 16}, false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(w, h);
        int[] px = new int[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                px[0] = ((rgb >> 16) & 0xFF) * 257;
                px[1] = ((rgb >> 8) & 0xFF) * 257;
                px[2] = (rgb & 0xFF) * 257;
                r.setPixel(x, y, px);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(cm, r, false, null), "png", out);
        return out.toByteArray();
    }

    /**
     * A Display P3 ICC profile: Java's sRGB profile with the P3 primaries (D50-adapted colorants, as
     * Apple's "Display P3" profile has them); same white point and sRGB tone curve, as Display P3 has.
     */
    static byte[] displayP3() {
        byte[] icc = ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData().clone();
        ByteBuffer b = ByteBuffer.wrap(icc);
        int tags = b.getInt(128);
        Map<String, double[]> colorants = Map.of("rXYZ", new double[]{0.5151, 0.2412, -0.0011},
                "gXYZ", new double[]{0.2920, 0.6922, 0.0419}, "bXYZ", new double[]{0.1571, 0.0666, 0.7841});
        for (int i = 0; i < tags; i++) {
            int entry = 132 + i * 12;
            String sig = new String(icc, entry, 4, StandardCharsets.ISO_8859_1);
            double[] xyz = colorants.get(sig);
            if (xyz == null) continue;
            int offset = b.getInt(entry + 4) + 8; // 'XYZ ' type signature and reserved bytes first
            for (int k = 0; k < 3; k++) b.putInt(offset + 4 * k, (int) Math.round(xyz[k] * 65536));
        }
        Arrays.fill(icc, 84, 100, (byte) 0); // profile ID (MD5) no longer matches: zero means "not computed"
        return icc;
    }

    /** One coded image out of a heif-enc file: its HEVC configuration box, size, and data. */
    record Coded(byte[] hvcC, int width, int height, byte[] data) {
        static Coded read(byte[] file) {
            ByteBuffer f = ByteBuffer.wrap(file);
            Map<String, int[]> top = children(f, 0, file.length);
            int[] meta = top.get("meta");
            Map<String, int[]> m = children(f, meta[0] + 4, meta[1]);
            int primary = f.getShort(m.get("pitm")[0] + 4) & 0xFFFF;
            int[] iprp = m.get("iprp");
            int[] ipco = children(f, iprp[0], iprp[1]).get("ipco");
            int[] hvcC = null, ispe = null;
            // heif-enc writes one image: its first hvcC and ispe are the primary image's.
            for (int p = ipco[0]; p < ipco[1]; ) {
                int size = f.getInt(p);
                String type = new String(file, p + 4, 4, StandardCharsets.ISO_8859_1);
                if (type.equals("hvcC") && hvcC == null) hvcC = new int[]{p, p + size};
                if (type.equals("ispe") && ispe == null) ispe = new int[]{p + 12, p + size};
                p += size;
            }
            byte[] data = itemData(f, m.get("iloc"), primary);
            return new Coded(Arrays.copyOfRange(file, hvcC[0], hvcC[1]), f.getInt(ispe[0]), f.getInt(ispe[0] + 4), data);
        }

        /** The item's bytes, from its iloc extents (construction method 0: offsets in the file). */
        private static byte[] itemData(ByteBuffer f, int[] iloc, int item) {
            int p = iloc[0];
            int version = f.get(p) & 0xFF;
            p += 4;
            int sizes = f.getShort(p) & 0xFFFF;
            p += 2;
            int offsetSize = sizes >> 12, lengthSize = (sizes >> 8) & 0xF, baseSize = (sizes >> 4) & 0xF;
            int indexSize = version >= 1 ? sizes & 0xF : 0;
            long count = version < 2 ? f.getShort(p) & 0xFFFF : f.getInt(p);
            p += version < 2 ? 2 : 4;
            for (long i = 0; i < count; i++) {
                long id = version < 2 ? f.getShort(p) & 0xFFFF : f.getInt(p);
                p += version < 2 ? 2 : 4;
                if (version >= 1) p += 2; // construction method
                p += 2; // data reference index
                long base = read(f, p, baseSize);
                p += baseSize;
                int extents = f.getShort(p) & 0xFFFF;
                p += 2;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int e = 0; e < extents; e++) {
                    p += indexSize;
                    long off = read(f, p, offsetSize);
                    p += offsetSize;
                    long len = read(f, p, lengthSize);
                    p += lengthSize;
                    out.write(f.array(), (int) (base + off), (int) len);
                }
                if (id == item) return out.toByteArray();
            }
            throw new IllegalStateException("item " + item + " not in iloc");
        }

        private static long read(ByteBuffer f, int p, int size) {
            return switch (size) {
                case 0 -> 0;
                case 4 -> f.getInt(p) & 0xFFFFFFFFL;
                case 8 -> f.getLong(p);
                default -> throw new IllegalStateException("iloc field size " + size);
            };
        }

        /** Box type → {payload start, end} of the boxes directly in [from, to). */
        private static Map<String, int[]> children(ByteBuffer f, int from, int to) {
            Map<String, int[]> out = new LinkedHashMap<>();
            for (int p = from; p < to; ) {
                int size = f.getInt(p);
                out.putIfAbsent(new String(f.array(), p + 4, 4, StandardCharsets.ISO_8859_1), new int[]{p + 8, p + size});
                p += size;
            }
            return out;
        }
    }

    /**
     * A HEIC file around coded images: one image, or a grid of {@code cols x rows} tiles (row by row)
     * cropped to {@code width x height}; {@code irot} turns the shown image anticlockwise by that many
     * quarter turns (3: what EXIF orientation 6 asks for).
     */
    static byte[] wrap(List<Coded> tiles, int cols, int rows, int width, int height, int irot) throws IOException {
        boolean grid = tiles.size() > 1;
        int primary = grid ? tiles.size() + 1 : 1;
        // Properties: 1..n hvcC of each tile, n+1 ispe of a tile, n+2 ispe of the whole, n+3 irot.
        ByteArrayOutputStream ipco = new ByteArrayOutputStream();
        for (Coded t : tiles) ipco.write(t.hvcC);
        int n = tiles.size();
        ipco.write(fullBox("ispe", 0, 0, ByteBuffer.allocate(8).putInt(tiles.getFirst().width).putInt(tiles.getFirst().height).array()));
        ipco.write(fullBox("ispe", 0, 0, ByteBuffer.allocate(8).putInt(width).putInt(height).array()));
        ipco.write(box("irot", new byte[]{(byte) irot}));
        // Associations: index | 0x80 when essential.
        ByteArrayOutputStream ipma = new ByteArrayOutputStream();
        int entries = grid ? n + 1 : 1;
        ipma.write(ByteBuffer.allocate(4).putInt(entries).array());
        for (int i = 0; i < n; i++) {
            if (grid) ipma.write(new byte[]{0, (byte) (i + 1), 2, (byte) (0x80 | (i + 1)), (byte) (n + 1)});
        }
        if (grid) ipma.write(new byte[]{0, (byte) primary, 2, (byte) (n + 2), (byte) (0x80 | (n + 3))});
        else ipma.write(new byte[]{0, 1, 3, (byte) 0x81, (byte) (n + 2), (byte) (0x80 | (n + 3))});

        ByteArrayOutputStream iinf = new ByteArrayOutputStream();
        iinf.write(ByteBuffer.allocate(2).putShort((short) (grid ? n + 1 : 1)).array());
        for (int i = 1; i <= n; i++) iinf.write(infe(i, "hvc1", grid));
        if (grid) iinf.write(infe(primary, "grid", false));

        byte[] gridDesc = {0, 0, (byte) (rows - 1), (byte) (cols - 1), (byte) (width >> 8), (byte) width, (byte) (height >> 8), (byte) height};
        byte[] ftyp = box("ftyp", ascii("heic", "\0\0\0\0", "mif1", "heic"));
        // iloc offsets point into mdat, after ftyp and meta: meta's size is known once iloc's is (fixed per item).
        int ilocSize = 12 + 4 + (grid ? n + 1 : 1) * 16;
        byte[] hdlr = fullBox("hdlr", 0, 0, concat(new byte[4], ascii("pict"), new byte[12], new byte[]{0}));
        byte[] pitm = fullBox("pitm", 0, 0, new byte[]{(byte) (primary >> 8), (byte) primary});
        byte[] iinfBox = fullBox("iinf", 0, 0, iinf.toByteArray());
        byte[] iref = grid ? fullBox("iref", 0, 0, dimg(primary, n)) : new byte[0];
        byte[] iprp = box("iprp", concat(box("ipco", ipco.toByteArray()), fullBox("ipma", 0, 0, ipma.toByteArray())));
        byte[] idat = grid ? box("idat", gridDesc) : new byte[0];
        int metaSize = 12 + hdlr.length + pitm.length + ilocSize + iinfBox.length + iref.length + iprp.length + idat.length;
        int mdatData = ftyp.length + metaSize + 8;

        ByteBuffer iloc = ByteBuffer.allocate(ilocSize - 12);
        iloc.putShort((short) 0x4400); // offset and length 4 bytes, no base offset, no index
        iloc.putShort((short) (grid ? n + 1 : 1));
        int offset = mdatData;
        for (int i = 0; i < n; i++) {
            iloc.putShort((short) (i + 1)).putShort((short) 0).putShort((short) 0).putShort((short) 1)
                    .putInt(offset).putInt(tiles.get(i).data.length);
            offset += tiles.get(i).data.length;
        }
        if (grid) iloc.putShort((short) primary).putShort((short) 1).putShort((short) 0).putShort((short) 1)
                .putInt(0).putInt(gridDesc.length); // construction method 1: in idat
        byte[] ilocBox = fullBox("iloc", 1, 0, iloc.array());

        byte[] meta = fullBox("meta", 0, 0, concat(hdlr, pitm, ilocBox, iinfBox, iref, iprp, idat));
        if (meta.length != metaSize) throw new IllegalStateException("meta is " + meta.length + " bytes, expected " + metaSize);
        ByteArrayOutputStream mdat = new ByteArrayOutputStream();
        for (Coded t : tiles) mdat.write(t.data);
        return concat(ftyp, meta, box("mdat", mdat.toByteArray()));
    }

    private static byte[] infe(int id, String type, boolean hidden) {
        return fullBox("infe", 2, hidden ? 1 : 0, concat(new byte[]{(byte) (id >> 8), (byte) id, 0, 0}, ascii(type), new byte[]{0}));
    }

    private static byte[] dimg(int from, int n) {
        ByteBuffer b = ByteBuffer.allocate(4 + 2 * n).putShort((short) from).putShort((short) n);
        for (int i = 1; i <= n; i++) b.putShort((short) i);
        return box("dimg", b.array());
    }

    private static byte[] box(String type, byte[] payload) {
        return concat(ByteBuffer.allocate(4).putInt(8 + payload.length).array(), ascii(type), payload);
    }

    private static byte[] fullBox(String type, int version, int flags, byte[] payload) {
        return box(type, concat(new byte[]{(byte) version, (byte) (flags >> 16), (byte) (flags >> 8), (byte) flags}, payload));
    }

    private static byte[] ascii(String... parts) {
        return String.join("", parts).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
