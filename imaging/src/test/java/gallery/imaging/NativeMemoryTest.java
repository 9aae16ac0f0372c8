package gallery.imaging;

import gallery.testing.SampleImages;

import gallery.core.preset.OutputFormat;
import gallery.core.preset.Presets;
import gallery.imaging.vips.Vips;
import gallery.imaging.vips.VipsImage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every render gives back the native memory it took: the original's copy and every libvips image,
 * counted by the binding, whether the render succeeds or fails. Counts, not RSS: deterministic.
 */
class NativeMemoryTest {
    static final Renderer RENDERER = new Renderer(ImagingConfig.defaults());
    static final Vips VIPS = Vips.load(java.util.Optional.empty(), 0);

    @Test
    void renderingPhotoAfterPhotoHoldsNoBufferOrImage() {
        long buffers = Vips.liveBuffers(), images = Vips.liveImages();
        List<byte[]> inputs = List.of(
                SampleImages.jpeg(SampleImages.quadrants(1200, 800), 0.9f),
                SampleImages.png(SampleImages.quadrants(700, 900)),
                SampleImages.gif(SampleImages.quadrants(300, 200)));
        for (int i = 0; i < 30; i++) {
            byte[] in = inputs.get(i % inputs.size());
            RenderResult r = RENDERER.render("photo-" + i, in, i % 2 == 0 ? Presets.DEFAULT : Presets.JPEG);
            assertThat(r.renditions()).isNotEmpty();
            RENDERER.resize("photo-" + i, in, 200, 200, OutputFormat.WEBP, 80);
            assertThat(Vips.liveBuffers()).as("native buffers after render %d", i).isEqualTo(buffers);
            assertThat(Vips.liveImages()).as("libvips images after render %d", i).isEqualTo(images);
        }
    }

    @Test
    void aFailedDecodeFreesItsBufferToo() {
        long buffers = Vips.liveBuffers(), images = Vips.liveImages();
        byte[] jpeg = SampleImages.jpeg(SampleImages.quadrants(1200, 800), 0.9f);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> RENDERER.render("truncated.jpg", truncated, Presets.DEFAULT)).isInstanceOf(BadImage.class);
        }
        assertThat(Vips.liveBuffers()).isEqualTo(buffers);
        assertThat(Vips.liveImages()).isEqualTo(images);
    }

    @Test
    void theBufferOutlivesItsOwnerWhileAnImageReadsIt() {
        long buffers = Vips.liveBuffers();
        byte[] jpeg = SampleImages.jpeg(SampleImages.quadrants(320, 160), 0.95f);
        Vips.NativeBuffer buffer = VIPS.buffer(jpeg);
        assertThat(Vips.liveBuffers()).isEqualTo(buffers + 1);
        try (VipsImage lazy = VIPS.loadBuffer("jpegload_buffer", buffer)) {
            buffer.close();
            // libvips decodes only now, from the buffer its owner has let go of.
            assertThat(Vips.liveBuffers()).isEqualTo(buffers + 1);
            try (VipsImage mem = VIPS.copyMemory(lazy)) {
                assertThat(VIPS.pixels(mem)).hasSize(320 * 160 * 3);
            }
        }
        assertThat(Vips.liveBuffers()).isEqualTo(buffers);
        assertThatThrownBy(buffer::memory).isInstanceOf(IllegalStateException.class);
    }
}
