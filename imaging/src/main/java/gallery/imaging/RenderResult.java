package gallery.imaging;

import gallery.core.PhotoMetadata;
import gallery.core.Rendition;

import java.util.List;

/**
 * Everything one render produced.
 *
 * @param format       the original's sniffed format
 * @param width        the original's width as displayed (after EXIF rotation)
 * @param height       the original's height as displayed
 * @param metadata     date taken, camera, GPS, orientation (dimensions as above)
 * @param placeholder  ThumbHash of the image, base64
 * @param renditions   one per rendered preset size, smallest first
 * @param skippedSizes preset sizes not rendered because the original is smaller (see {@link Renderer})
 */
public record RenderResult(ImageFormat format, int width, int height, FileMetadata metadata, String placeholder,
                           List<Encoded> renditions, List<Integer> skippedSizes) {
    public RenderResult {
        renditions = List.copyOf(renditions);
        skippedSizes = List.copyOf(skippedSizes);
    }

    /** What the index stores of the original's metadata ({@link FileMetadata#stored()}), at the size the render saw. */
    public PhotoMetadata stored() {
        return metadata.stored().withSize(width, height);
    }

    /** The renditions as the index lists them (without their bytes). */
    public List<Rendition> described() {
        return renditions.stream().map(Encoded::rendition).toList();
    }
}
