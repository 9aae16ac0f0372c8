package gallery.imaging;

import gallery.testing.SampleImages;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15: a 2.2 MB PNG whose zTXt inflated to 2.2 GB made metadata-extractor throw
 * OutOfMemoryError, and the worker retried it forever. Compressed chunks are now inflated with a cap.
 */
class PngChunksTest {
    static final byte[] BOMB = zlibOfZeros(512L << 20); // 512 MiB inflated, about half a megabyte here

    @Test
    void aZtxtBombIsRefusedByTheGateNamingTheChunk() throws Exception {
        byte[] png = withChunk(png(64, 48), "zTXt", concat("Comment\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{0}, BOMB));
        assertThatThrownBy(() -> new ImageGate(ImagingConfig.defaults()).inspect("bomb.png", png, png.length))
                .isInstanceOf(BadImage.class)
                .hasMessage("bomb.png: PNG zTXt chunk inflates to more than 1048576 bytes: expected at most that much text (a decompression bomb)");
        // Ingest reads only the first 256 KiB: a chunk cut off there is inflated as far as it goes, and refused.
        byte[] prefix = Arrays.copyOf(png, 256 * 1024);
        assertThatThrownBy(() -> new ImageGate(ImagingConfig.defaults()).inspect("bomb.png", prefix, png.length))
                .isInstanceOf(BadImage.class).hasMessageContaining("zTXt");
    }

    @Test
    void compressedItxtAndIccpAreCappedToo() throws Exception {
        byte[] itxt = withChunk(png(64, 48), "iTXt", concat("Description\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{1, 0},
                "en\0\0".getBytes(StandardCharsets.ISO_8859_1), BOMB));
        assertThatThrownBy(() -> PngChunks.checkCompressedChunks("i.png", itxt)).isInstanceOf(BadImage.class).hasMessageContaining("iTXt");
        byte[] iccp = withChunk(png(64, 48), "iCCP", concat("icc\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{0}, BOMB));
        assertThatThrownBy(() -> PngChunks.checkCompressedChunks("c.png", iccp)).isInstanceOf(BadImage.class)
                .hasMessageContaining("iCCP chunk inflates to more than 16777216 bytes");
        byte[] plainItxt = withChunk(png(64, 48), "iTXt", concat("Description\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{0, 0},
                "en\0\0a plain caption".getBytes(StandardCharsets.ISO_8859_1)));
        PngChunks.checkCompressedChunks("plain.png", plainItxt);
    }

    @Test
    void anOrdinaryCommentPassesAndMetadataIsReadWithoutTheCompressedChunks() throws Exception {
        byte[] comment = zlib("a family photo, ".repeat(128).getBytes(StandardCharsets.ISO_8859_1));
        byte[] png = withChunk(png(64, 48), "zTXt", concat("Comment\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{0}, comment));
        ImageHeader h = new ImageGate(ImagingConfig.defaults()).inspect("ok.png", png, png.length);
        assertThat(h.metadata().width()).isEqualTo(64);
        assertThat(h.metadata().height()).isEqualTo(48);
        byte[] forMetadata = PngChunks.forMetadata(png);
        assertThat(new String(forMetadata, StandardCharsets.ISO_8859_1)).doesNotContain("zTXt").contains("IHDR").contains("IEND");
    }

    static byte[] png(int w, int h) {
        return SampleImages.png(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB));
    }

    static byte[] withChunk(byte[] png, String type, byte[] data) {
        return SampleImages.pngWithChunk(png, type, data);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] zlib(byte[] data) {
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.DeflaterOutputStream(z)) {
            out.write(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return z.toByteArray();
    }

    static byte[] zlibOfZeros(long n) {
        return SampleImages.zlibOfZeros(n);
    }
}
