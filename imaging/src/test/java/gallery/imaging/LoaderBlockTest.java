package gallery.imaging;

import gallery.testing.SampleImages;

import gallery.imaging.vips.Vips;
import gallery.imaging.vips.VipsException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * libvips' other loaders cannot run in this process, even through the calls that let libvips pick a
 * loader from the content: built-in ones are blocked, and of Debian's modules (ImageMagick, poppler,
 * openslide, JPEG XL, HEIF) only HEIF's is loaded.
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
        assertThat(present).as("built-in loaders of other formats in libvips %s (or this test proves nothing)", VIPS.version())
                .contains("svgload_buffer", "ppmload_source");
        assertThat(present).allSatisfy(nick -> assertThat(VIPS.isBlocked(nick)).as(nick).isTrue());
        for (String allowed : Vips.ALLOWED_LOADERS) {
            assertThat(VIPS.hasLoader(allowed)).as(allowed).isTrue();
            assertThat(VIPS.isBlocked(allowed)).as(allowed).isFalse();
        }
    }

    @Test
    void modulesWithoutAnAllowedLoaderAreNotLoaded() throws IOException {
        // Debian's libvips ships ImageMagick, poppler, openslide and JPEG XL loaders as modules: none is mapped.
        assertThat(List.of("magickload_buffer", "pdfload_buffer", "openslideload_source", "jxlload_buffer"))
                .noneMatch(VIPS::hasOperation);
        // The openslide module brought the system libsqlite3 into the global symbol scope, where it took over
        // DynamoDB Local's own sqlite in the same process (HTTP 500 "invalid number of binds" on queries).
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            assertThat(maps.filter(l -> l.contains("libsqlite3")).toList()).isEmpty();
        }
    }

    @Test
    void aBmpOnlyImageMagickReadsIsReadByNobody() {
        byte[] bmp = SampleImages.imageIo(SampleImages.quadrants(16, 16), "bmp");
        Vips.NativeBuffer buffer = VIPS.buffer(bmp);
        // Through the calls that let libvips pick a loader by content too (the renderer never makes them).
        assertThatThrownBy(() -> VIPS.header(buffer).close())
                .isInstanceOf(VipsException.class).hasMessageContaining("not in a known format");
        assertThatThrownBy(() -> VIPS.thumbnail(buffer, 8).close())
                .isInstanceOf(VipsException.class).hasMessageContaining("not in a known format");
    }
}
