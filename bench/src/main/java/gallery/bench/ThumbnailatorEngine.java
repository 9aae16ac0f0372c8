package gallery.bench;

import gallery.core.Rendition;
import gallery.core.preset.OutputFormat;
import gallery.core.preset.Preset;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.ExifUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What a Java developer would otherwise write: ImageIO decodes once, the EXIF orientation is
 * applied once (Thumbnailator's own EXIF reader and filters), Thumbnailator resizes each size from
 * the decoded image with its default quality settings, and ImageIO's JPEG writer encodes. ImageIO
 * has no WebP writer, so this engine only runs JPEG presets.
 */
final class ThumbnailatorEngine implements Engine {
    static final String NAME = "thumbnailator";

    @Override
    public List<Rendition> renderAll(byte[] original, Preset preset) throws IOException {
        if (preset.format() != OutputFormat.JPEG) {
            throw new IllegalArgumentException("ImageIO has no " + preset.format() + " writer: run "
                    + NAME + " with a JPEG preset, not '" + preset.name() + "'");
        }
        BufferedImage upright = decodeUpright(original);
        int longest = Math.max(upright.getWidth(), upright.getHeight());
        List<Rendition> out = new ArrayList<>(preset.sizes().size());
        for (int size : preset.sizes()) {
            var builder = Thumbnails.of(upright);
            // never upscale: a size beyond the original is the original's size, as sharp's withoutEnlargement
            if (size >= longest) builder.scale(1.0);
            else builder.size(size, size);
            BufferedImage resized = builder.asBufferedImage();
            out.add(new Rendition(size, resized.getWidth(), resized.getHeight(), gallery.core.preset.OutputFormat.JPEG, encodeJpeg(resized, preset.quality())));
        }
        return out;
    }

    @Override
    public String runtime() {
        return "ImageIO + Thumbnailator: Java " + Runtime.version().feature() + ", Thumbnailator " + thumbnailatorVersion();
    }

    /** From the Maven metadata inside its jar (kept by the shade plugin; the jar manifest is not). */
    private static String thumbnailatorVersion() {
        try (var in = Thumbnails.class.getResourceAsStream("/META-INF/maven/net.coobird/thumbnailator/pom.properties")) {
            if (in == null) return "(version unknown)";
            var props = new java.util.Properties();
            props.load(in);
            return props.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unknown)";
        }
    }

    static BufferedImage decodeUpright(byte[] original) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(original))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException("ImageIO has no reader for this image (" + original.length + " bytes)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                Orientation orientation = ExifUtils.getExifOrientation(reader, 0);
                BufferedImage image = reader.read(0);
                if (orientation == null || orientation == Orientation.TOP_LEFT) return image;
                return ExifFilterUtils.getFilterForOrientation(orientation).apply(image);
            } finally {
                reader.dispose();
            }
        }
    }

    private static long encodeJpeg(BufferedImage image, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.size();
    }
}
