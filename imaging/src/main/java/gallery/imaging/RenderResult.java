package gallery.imaging;

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
public record RenderResult(ImageFormat format, int width, int height, PhotoMetadata metadata, String placeholder,
                           List<Rendition> renditions, List<Integer> skippedSizes) {
    public RenderResult {
        renditions = List.copyOf(renditions);
        skippedSizes = List.copyOf(skippedSizes);
    }
}
