package gallery.imaging;

import gallery.imaging.vips.Vips;
import gallery.imaging.vips.VipsException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * libvips' other loaders cannot run in this process, even through the calls that let libvips pick a
 * loader from the content (Debian's libvips ships modules for ImageMagick, poppler and openslide).
 */
class LoaderBlockTest {
    /** Loaders a libvips build may carry that must never see an upload: untrusted ones and formats we refuse. */
    static final List<String> OTHERS = List.of("magickload_buffer", "magickload_source", "pdfload_buffer",
            "pdfload_source", "openslideload_source", "svgload_buffer", "ppmload_buffer", "ppmload_source",
            "radload_buffer", "jp2kload_buffer", "jxlload_buffer", "matrixload_source", "csvload_source",
            "fitsload_source", "vipsload_source", "matload", "analyzeload", "rawload");

    static final Vips VIPS = loaded();

    static Vips loaded() {
        RendererTest.RENDERER.library(); // the renderer loads libvips first, as in every function
        return Vips.load(Optional.empty(), 0);
    }

    @Test
    void everyLoaderOutsideTheAllowListIsBlocked() {
        assertThat(VIPS.blocksOtherLoaders()).as("libvips %s has vips_block_untrusted_set", VIPS.version()).isTrue();
        List<String> present = OTHERS.stream().filter(VIPS::hasOperation).toList();
        assertThat(present).as("loaders of other formats in libvips %s (or this test proves nothing)", VIPS.version())
                .contains("magickload_buffer", "pdfload_buffer", "svgload_buffer", "ppmload_source");
        assertThat(present).allSatisfy(nick -> assertThat(VIPS.isBlocked(nick)).as(nick).isTrue());
        for (String allowed : Vips.ALLOWED_LOADERS) {
            assertThat(VIPS.hasLoader(allowed)).as(allowed).isTrue();
            assertThat(VIPS.isBlocked(allowed)).as(allowed).isFalse();
        }
    }

    @Test
    void aBmpOnlyImageMagickReadsIsReadByNobody() {
        byte[] bmp = Fixtures.imageIo(Fixtures.quadrants(16, 16), "bmp");
        Vips.NativeBuffer buffer = VIPS.buffer(bmp);
        // libvips 8.14 still runs ImageMagick's sniffer when it picks a loader (vips_foreign_find_load_buffer
        // names magickload_buffer), which is why the renderer never lets it pick; the loader itself may not run.
        assertThatThrownBy(() -> VIPS.header(buffer).close())
                .isInstanceOf(VipsException.class).hasMessageContaining("magickload_buffer: operation is blocked");
        assertThatThrownBy(() -> VIPS.thumbnail(buffer, 8).close())
                .isInstanceOf(VipsException.class).hasMessageContaining("magickload_buffer: operation is blocked");
    }
}
