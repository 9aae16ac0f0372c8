package gallery.bench;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The real photos the bench renders. Two are camera JPEGs shipped by packages the build installs;
 * the 54 MP one does not exist in any package we can install, so it is made once from the 24 MP
 * photo (upscaled to 9000×6000, JPEG q90, no EXIF) and kept in the cache directory.
 */
final class SamplePhotos {
    /** A photo the bench renders; {@code id} is what --photos selects. */
    record Photo(String id, String description, Path path, int width, int height) {
        double megapixels() {
            return width * (double) height / 1e6;
        }

        String label() {
            return String.format("%s (%d×%d, %.0f MP)", description, width, height, megapixels());
        }
    }

    static final int LARGE_WIDTH = 9000;
    static final int LARGE_HEIGHT = 6000;

    private SamplePhotos() {
    }

    /** The 24 MP photo: Sony α6000 sample from the npm package exif@0.6.0 (tools/). */
    static Path sony24(Path root) {
        return root.resolve("tools/node_modules/exif/test/sony-alpha-6000.jpg");
    }

    /** The 18 MP photo: Sony RX100 IV, from the Debian package mate-backgrounds. */
    static Path elephants18() {
        return Path.of("/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg");
    }

    /** The photos named by {@code ids} (24mp, 18mp, 54mp), making the 54 MP one only if it is asked for. */
    static List<Photo> select(Set<String> ids, Path root, Path cacheDir) throws IOException {
        List<Photo> photos = new ArrayList<>();
        Path sony = null;
        if (ids.contains("24mp") || ids.contains("54mp")) {
            sony = require(sony24(root), "npm package exif@0.6.0: run ./gallery setup (npm ci in tools/)");
        }
        if (ids.contains("24mp")) photos.add(describe("24mp", "Sony α6000 JPEG", sony));
        if (ids.contains("18mp")) {
            photos.add(describe("18mp", "Sony RX100 IV progressive JPEG", require(elephants18(), "Debian package mate-backgrounds: run ./gallery setup")));
        }
        if (ids.contains("54mp")) photos.add(describe("54mp", "α6000 upscaled, JPEG q90", large54(sony, cacheDir)));
        return photos;
    }

    private static Path require(Path path, String from) throws IOException {
        if (!Files.isReadable(path)) throw new IOException("sample photo " + path + " is missing: it comes from the " + from);
        return path;
    }

    static Photo describe(String id, String description, Path path) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException(path + " is not an image ImageIO can read");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new Photo(id, description, path, reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        }
    }

    /** The ~54 MP photo, made from {@code source} on first use and cached. */
    static Path large54(Path source, Path cacheDir) throws IOException {
        Path target = cacheDir.resolve("sony-alpha-6000-" + LARGE_WIDTH + "x" + LARGE_HEIGHT + "-q90.jpg");
        if (Files.isRegularFile(target)) return target;
        Files.createDirectories(cacheDir);
        System.err.println("making the 54 MP sample once: " + target);
        BufferedImage small = ImageIO.read(source.toFile());
        if (small == null) throw new IOException(source + " is not an image ImageIO can read");
        BufferedImage big = new BufferedImage(LARGE_WIDTH, LARGE_HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = big.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(small, 0, 0, LARGE_WIDTH, LARGE_HEIGHT, null);
        } finally {
            g.dispose();
        }
        Path tmp = Files.createTempFile(cacheDir, "large", ".jpg.tmp");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.90f);
            writer.write(null, new IIOImage(big, null, null), param);
        } finally {
            writer.dispose();
        }
        // a bench interrupted half-way must not leave a truncated photo that later runs trust
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
