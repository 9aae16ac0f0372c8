package gallery.imaging;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

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

    static byte[] png(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    static byte[] withChunk(byte[] png, String type, byte[] data) {
        int afterIhdr = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] zlib(byte[] data) {
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) z.write(buf, 0, d.deflate(buf));
        d.end();
        return z.toByteArray();
    }

    static byte[] zlibOfZeros(long n) {
        Deflater d = new Deflater(1);
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        for (long left = n; left > 0; left -= zeros.length) {
            d.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            while (!d.needsInput()) z.write(buf, 0, d.deflate(buf));
        }
        d.finish();
        while (!d.finished()) z.write(buf, 0, d.deflate(buf));
        d.end();
        return z.toByteArray();
    }
}
