package gallery.imaging;

import gallery.testing.SampleImages;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import gallery.core.preset.OutputFormat;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The renderer against the real libvips on this machine; if libvips cannot load, every test fails. */
class RendererTest {
    static final Renderer RENDERER = new Renderer(ImagingConfig.defaults());
    static final Preset SMALL_JPEG = new Preset("test-jpeg", 1, List.of(64, 128), OutputFormat.JPEG, 92);
    static final Path ELEPHANTS = Path.of("/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg");
    static final Path A6000 = repoFile("tools/node_modules/exif/test/sony-alpha-6000.jpg");
    static final Path ADOBE_RGB = Path.of("/usr/share/color/icc/ghostscript/a98.icc");

    static Path repoFile(String rel) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(rel))) return d.resolve(rel);
        }
        throw new IllegalStateException(rel + " not found above " + Path.of("").toAbsolutePath() + ": run `npm ci` in tools/");
    }

    @ParameterizedTest(name = "EXIF orientation {0} renders upright")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyOrientationRendersUpright(int orientation) {
        BufferedImage upright = SampleImages.quadrants(160, 80);
        byte[] jpeg = SampleImages.withSegments(SampleImages.jpeg(SampleImages.storedFor(upright, orientation), 0.95f),
                SampleImages.Exif.orientation(orientation).app1());

        RenderResult r = RENDERER.render("orientation-" + orientation + ".jpg", jpeg, SMALL_JPEG);

        assertThat(r.metadata().orientation()).isEqualTo(orientation);
        assertThat(r.width()).isEqualTo(160);
        assertThat(r.height()).isEqualTo(80);
        Encoded big = r.renditions().get(1);
        assertThat(big.width()).isEqualTo(128);
        assertThat(big.height()).isEqualTo(64);
        BufferedImage out = SampleImages.read(big.data());
        assertThat(out.getWidth()).isEqualTo(128);
        assertColour(out, 32, 16, 0xFF0000, "top left");
        assertColour(out, 96, 16, 0x00FF00, "top right");
        assertColour(out, 32, 48, 0x0000FF, "bottom left");
        assertColour(out, 96, 48, 0xFFFFFF, "bottom right");
        assertNoMetadata(big.data());
    }

    @Test
    void gpsAndExifNeverReachARendition() throws Exception {
        byte[] jpeg = SampleImages.withSegments(SampleImages.jpeg(SampleImages.quadrants(400, 300), 0.9f),
                new SampleImages.Exif(1, "Canon", "Canon EOS R6", "2024:07:14 18:30:05", "+02:00", 48.8584, -2.2945).app1());
        // The fixture really carries GPS, or this test would prove nothing.
        assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(jpeg)).containsDirectoryOfType(GpsDirectory.class)).isTrue();

        for (Preset preset : List.of(Presets.DEFAULT, Presets.JPEG)) {
            RenderResult r = RENDERER.render("gps.jpg", jpeg, preset);
            assertThat(r.metadata().latitude()).isCloseTo(48.8584, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(r.metadata().longitude()).isCloseTo(-2.2945, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(r.metadata().camera()).contains("Canon EOS R6");
            assertThat(r.metadata().takenInstant()).map(Object::toString).contains("2024-07-14T18:30:05+02:00");
            assertThat(r.renditions()).isNotEmpty();
            for (Encoded x : r.renditions()) {
                assertThat(x.format()).isEqualTo(preset.format());
                assertNoMetadata(x.data());
            }
        }
    }

    @Test
    void adobeRgbIsConvertedToSrgb() throws Exception {
        byte[] icc = Files.readAllBytes(ADOBE_RGB);
        int adobe = 0x3C8C3C; // a mid green, inside both gamuts, that Adobe RGB and sRGB encode differently
        byte[] tagged = SampleImages.withSegments(SampleImages.jpeg(SampleImages.solid(200, 100, adobe), 1.0f), SampleImages.iccSegment(icc));
        // What the JDK's own colour management (LittleCMS) makes of the same pixel.
        float[] srgb = new ICC_ColorSpace(ICC_Profile.getInstance(icc)).toRGB(
                new float[]{0x3C / 255f, 0x8C / 255f, 0x3C / 255f});
        int expected = (Math.round(srgb[0] * 255) << 16) | (Math.round(srgb[1] * 255) << 8) | Math.round(srgb[2] * 255);
        assertThat(distance(expected, adobe)).as("the profile must matter for this colour").isGreaterThan(20);

        Encoded out = RENDERER.render("adobe.jpg", tagged, SMALL_JPEG).renditions().get(1);
        assertColour(SampleImages.read(out.data()), 64, 32, expected, "converted to sRGB");
        assertNoMetadata(out.data());

        // Without a profile the pixels are taken as sRGB already and must come out unchanged (not darkened).
        byte[] untagged = SampleImages.jpeg(SampleImages.solid(200, 100, adobe), 1.0f);
        Encoded plain = RENDERER.render("plain.jpg", untagged, SMALL_JPEG).renditions().get(1);
        assertColour(SampleImages.read(plain.data()), 64, 32, adobe, "untouched");
    }

    @Test
    void neverUpscales() {
        byte[] jpeg = SampleImages.jpeg(SampleImages.quadrants(300, 200), 0.9f);
        RenderResult r = RENDERER.render("small.jpg", jpeg, Presets.DEFAULT);

        assertThat(r.renditions()).extracting(Encoded::size).containsExactly(256, 320);
        assertThat(r.renditions().get(0)).extracting(Encoded::width, Encoded::height).containsExactly(256, 171);
        Encoded capped = r.renditions().get(1);
        assertThat(capped).extracting(Encoded::width, Encoded::height).containsExactly(300, 200);
        assertThat(capped.atOriginalSize()).isTrue();
        assertThat(r.skippedSizes()).containsExactly(400, 512, 640, 800, 1280, 1920, 2560);

        Encoded resized = RENDERER.resize(jpeg, 1000, 1000, OutputFormat.JPEG, 80);
        assertThat(resized).extracting(Encoded::width, Encoded::height).containsExactly(300, 200);
        Encoded box = RENDERER.resize(jpeg, 150, 50, OutputFormat.WEBP, 80);
        assertThat(box).extracting(Encoded::width, Encoded::height).containsExactly(75, 50);
    }

    @Test
    void theEncodersEffortReachesLibvipsAndTradesBytes() {
        // Noise costs bytes, so the effort shows; quadrants alone compress to almost nothing at any effort.
        java.awt.image.BufferedImage img = SampleImages.quadrants(800, 600);
        java.util.Random random = new java.util.Random(20);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) img.setRGB(x, y, img.getRGB(x, y) ^ (random.nextInt(32) * 0x010101));
        }
        byte[] jpeg = SampleImages.jpeg(img, 0.95f);
        Encoded fastest = RENDERER.resize("noise.jpg", jpeg, 800, 800, new Encoding(OutputFormat.WEBP, 80, 0));
        Encoded smallest = RENDERER.resize("noise.jpg", jpeg, 800, 800, new Encoding(OutputFormat.WEBP, 80, 6));
        assertThat(fastest.format()).isEqualTo(OutputFormat.WEBP);
        assertThat(fastest.bytes()).as("effort 0 against 6").isNotEqualTo(smallest.bytes());
        assertThat(Encoding.of(OutputFormat.WEBP, 80).effort()).isEqualTo(Encoding.WEBP_DEFAULT_EFFORT);
        assertThat(Encoding.of(OutputFormat.AVIF, 60).effort()).isEqualTo(Encoding.AVIF_DEFAULT_EFFORT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Encoding(OutputFormat.WEBP, 80, 7))
                .hasMessageContaining("WEBP effort 7 outside 0..6");
    }

    @Test
    void originalExactlyAPresetSizeIsRenderedOnceAtThatSize() {
        RenderResult r = RENDERER.render("exact.jpg", SampleImages.jpeg(SampleImages.quadrants(640, 320), 0.9f), Presets.DEFAULT);
        assertThat(r.renditions()).extracting(Encoded::size).containsExactly(256, 320, 400, 512, 640);
        assertThat(r.renditions().getLast().atOriginalSize()).isFalse();
        assertThat(r.skippedSizes()).containsExactly(800, 1280, 1920, 2560);
    }

    @Test
    void pngWithAlphaAndGifRender() {
        BufferedImage rgba = new BufferedImage(120, 60, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 60; y++) for (int x = 0; x < 120; x++) rgba.setRGB(x, y, x < 60 ? 0x80FF0000 : 0xFF0000FF);
        RenderResult png = RENDERER.render("alpha.png", SampleImages.png(rgba), Presets.DEFAULT);
        assertThat(png.format()).isEqualTo(ImageFormat.PNG);
        assertThat(png.renditions()).singleElement().extracting(Encoded::width).isEqualTo(120);
        byte[] hash = java.util.Base64.getDecoder().decode(png.placeholder());
        assertThat((hash[2] & 0x80) != 0).as("ThumbHash alpha flag").isTrue();

        RenderResult gif = RENDERER.render("one.gif", SampleImages.gif(SampleImages.quadrants(90, 45)), Presets.DEFAULT);
        assertThat(gif.format()).isEqualTo(ImageFormat.GIF);
        assertThat(gif.renditions()).singleElement().extracting(Encoded::width, Encoded::height).containsExactly(90, 45);
    }

    /** The on-demand resizer's usual source: a large WebP rendition, shrunk on load (libwebp's scale). */
    @Test
    void largeWebpShrinksOnLoadToExactSizes() {
        byte[] webp = RENDERER.resize(SampleImages.jpeg(SampleImages.quadrants(2400, 1200), 0.95f), 2400, 2400, OutputFormat.WEBP, 90).data();
        assertThat(ImageFormat.sniff("big.webp", webp)).isEqualTo(ImageFormat.WEBP);
        for (int box : new int[]{128, 256, 300, 600, 1198}) {
            Encoded r = RENDERER.resize("big.webp", webp, box, box, OutputFormat.JPEG, 90);
            assertThat(r.width()).as("box %d", box).isEqualTo(box);
            assertThat(r.height()).as("box %d", box).isEqualTo(box / 2);
            BufferedImage out = SampleImages.read(r.data());
            assertColour(out, box / 4, box / 8, 0xFF0000, "top left at " + box);
            assertColour(out, 3 * box / 4, 3 * box / 8, 0xFFFFFF, "bottom right at " + box);
        }
    }

    /** Regression: JPEG has no alpha, and libvips' saver flattened transparent pixels to black. */
    @Test
    void jpegOfATransparentPngIsFlattenedOnWhite() {
        BufferedImage rgba = new BufferedImage(120, 60, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 120; x++) rgba.setRGB(x, y, x < 40 ? 0x00000000 : x < 80 ? 0x800000FF : 0xFF0000FF);
        }
        RenderResult r = RENDERER.render("logo.png", SampleImages.png(rgba), Presets.JPEG);

        Encoded jpeg = r.renditions().getFirst();
        assertThat(jpeg.format()).isEqualTo(OutputFormat.JPEG);
        BufferedImage out = SampleImages.read(jpeg.data());
        assertThat(out.getColorModel().hasAlpha()).isFalse();
        assertColour(out, 20, 30, 0xFFFFFF, "transparent, on white");
        assertColour(out, 60, 30, 0x7F7FFF, "half-transparent blue, on white");
        assertColour(out, 100, 30, 0x0000FF, "opaque blue");
        // The resizer's path too.
        BufferedImage resized = SampleImages.read(RENDERER.resize(SampleImages.png(rgba), 120, 60, OutputFormat.JPEG, 90).data());
        assertColour(resized, 20, 30, 0xFFFFFF, "transparent, on white");
        // A format with alpha keeps it.
        byte[] webp = RENDERER.render("logo.png", SampleImages.png(rgba), Presets.DEFAULT).renditions().getFirst().data();
        gallery.imaging.vips.Vips vips = gallery.imaging.vips.Vips.load(java.util.Optional.empty(), 0);
        try (var header = vips.loadBuffer("webpload_buffer", vips.buffer(webp))) {
            assertThat(header.bands()).isEqualTo(4);
        }
    }

    @Test
    void realCameraPhotosRenderEverySize() throws Exception {
        record Expect(Path file, int w, int h, String camera) {
        }
        for (Expect e : List.of(new Expect(ELEPHANTS, 5640, 3172, "SONY DSC-RX100M4"),
                new Expect(A6000, 6000, 4000, "SONY ILCE-6000"))) {
            RenderResult r = RENDERER.render(e.file.getFileName().toString(), Files.readAllBytes(e.file), Presets.DEFAULT);
            assertThat(r.width()).isEqualTo(e.w);
            assertThat(r.height()).isEqualTo(e.h);
            assertThat(r.metadata().camera()).contains(e.camera);
            assertThat(r.metadata().takenAt()).isNotNull();
            assertThat(r.placeholder()).isNotBlank();
            assertThat(r.skippedSizes()).isEmpty();
            assertThat(r.renditions()).extracting(Encoded::size).containsExactlyElementsOf(Presets.DEFAULT.sizes());
            for (Encoded x : r.renditions()) {
                assertThat(Math.max(x.width(), x.height())).isEqualTo(x.size());
                assertThat((double) x.width() / x.height()).isCloseTo((double) e.w / e.h, org.assertj.core.data.Offset.offset(0.01));
                assertNoMetadata(x.data());
            }
        }
    }

    @Test
    void concurrentRendersAreIndependent() throws Exception {
        byte[] a = SampleImages.jpeg(SampleImages.quadrants(800, 400), 0.9f);
        byte[] b = SampleImages.png(SampleImages.quadrants(300, 600));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RenderResult>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] input = i % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> RENDERER.render("concurrent", input, Presets.DEFAULT)));
            }
            for (int i = 0; i < futures.size(); i++) {
                RenderResult r = futures.get(i).get();
                if (i % 2 == 0) assertThat(r.renditions()).extracting(Encoded::width).containsExactly(256, 320, 400, 512, 640, 800);
                else assertThat(r.renditions()).extracting(Encoded::height).containsExactly(256, 320, 400, 512, 600);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void avifIsWrittenWithoutMetadataAndReadBack() {
        byte[] jpeg = SampleImages.withSegments(SampleImages.jpeg(SampleImages.quadrants(400, 200), 0.9f),
                new SampleImages.Exif(1, "Canon", "EOS", "2024:07:14 18:30:05", null, 10.0, 20.0).app1());
        assertThat(RENDERER.canEncode(OutputFormat.AVIF)).isTrue();
        Encoded avif = RENDERER.resize("gps.jpg", jpeg, 200, 200, OutputFormat.AVIF, 60);
        assertThat(avif).extracting(Encoded::width, Encoded::height).containsExactly(200, 100);
        assertNoMetadata(avif.data());

        RenderResult back = RENDERER.render("round-trip.avif", avif.data(), SMALL_JPEG);
        assertThat(back.format()).isEqualTo(ImageFormat.AVIF);
        assertColour(SampleImages.read(back.renditions().get(1).data()), 32, 16, 0xFF0000, "top left");
    }

    @Test
    void heicFromAPhoneDecodes() {
        // A HEIC made here with libvips' own HEVC encoder (libheif with x265), as a phone would write it.
        gallery.imaging.vips.Vips vips = gallery.imaging.vips.Vips.load(java.util.Optional.empty(), 0);
        byte[] heic;
        try (var img = vips.thumbnail(vips.buffer(SampleImages.jpeg(SampleImages.quadrants(320, 160), 0.95f)), 320)) {
            heic = vips.heif(img, "Q", 90, "compression", 1 /* VIPS_FOREIGN_HEIF_COMPRESSION_HEVC */);
        }
        assertThat(ImageFormat.sniff("phone.heic", heic)).isEqualTo(ImageFormat.HEIC);

        RenderResult r = RENDERER.render("phone.heic", heic, SMALL_JPEG);
        assertThat(r.format()).isEqualTo(ImageFormat.HEIC);
        assertThat(r.width()).isEqualTo(320);
        assertThat(r.height()).isEqualTo(160);
        BufferedImage out = SampleImages.read(r.renditions().get(1).data());
        assertColour(out, 32, 16, 0xFF0000, "top left");
        assertColour(out, 96, 48, 0xFFFFFF, "bottom right");
    }

    @Test
    void libraryIsReported() {
        assertThat(RENDERER.library()).startsWith("libvips 8.").contains("jpeg", "png", "webp");
    }

    static void assertNoMetadata(byte[] data) {
        Metadata md;
        try {
            md = ImageMetadataReader.readMetadata(new ByteArrayInputStream(data));
        } catch (Exception e) {
            throw new AssertionError("rendition not readable by metadata-extractor", e);
        }
        for (Class<? extends Directory> c : List.of(GpsDirectory.class, ExifIFD0Directory.class, ExifSubIFDDirectory.class,
                XmpDirectory.class, IptcDirectory.class, IccDirectory.class)) {
            assertThat(md.containsDirectoryOfType(c)).as("rendition carries " + c.getSimpleName()).isFalse();
        }
    }

    static void assertColour(BufferedImage img, int x, int y, int expected, String where) {
        int actual = img.getRGB(x, y) & 0xFFFFFF;
        assertThat(distance(actual, expected))
                .as("%s at %d,%d: expected #%06x, found #%06x", where, x, y, expected, actual)
                .isLessThanOrEqualTo(40);
    }

    static int distance(int a, int b) {
        return Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) + Math.abs(((a >> 8) & 255) - ((b >> 8) & 255))
                + Math.abs((a & 255) - (b & 255));
    }

}
