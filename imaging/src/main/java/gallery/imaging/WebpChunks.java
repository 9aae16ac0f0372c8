package gallery.imaging;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Removes metadata chunks (EXIF, XMP, ICCP) from an encoded WebP. libvips 8.14's webpsave ignores
 * {@code strip} and, with no EXIF left on the image, synthesises a fresh block (orientation,
 * resolution); 8.15+ honours {@code keep=none}. Rewriting the RIFF container is exact on every
 * version: the chunks go, the VP8X feature flags and the RIFF size are corrected, image data is
 * copied untouched. https://developers.google.com/speed/webp/docs/riff_container
 */
final class WebpChunks {
    private static final int FLAG_ICC = 0x20, FLAG_EXIF = 0x08, FLAG_XMP = 0x04;

    private WebpChunks() {
    }

    static byte[] stripMetadata(byte[] webp) {
        if (webp.length < 12 || !ascii(webp, 0, "RIFF") || !ascii(webp, 8, "WEBP")) {
            throw new IllegalStateException("encoder returned something that is not a WebP file");
        }
        ByteBuffer in = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream body = new ByteArrayOutputStream(webp.length);
        boolean removed = false;
        int pos = 12;
        while (pos + 8 <= webp.length) {
            String fourcc = new String(webp, pos, 4, StandardCharsets.ISO_8859_1);
            long size = in.getInt(pos + 4) & 0xFFFFFFFFL;
            long padded = size + (size & 1);
            if (pos + 8 + size > webp.length) throw new IllegalStateException("WebP chunk " + fourcc + " overruns the file");
            int len = (int) Math.min(8 + padded, webp.length - pos);
            switch (fourcc) {
                case "EXIF", "XMP ", "ICCP" -> removed = true;
                default -> body.write(webp, pos, len);
            }
            pos += len;
        }
        if (!removed) return webp;
        byte[] chunks = body.toByteArray();
        if (chunks.length >= 9 && ascii(chunks, 0, "VP8X")) {
            chunks[8] &= (byte) ~(FLAG_ICC | FLAG_EXIF | FLAG_XMP);
        }
        ByteBuffer out = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4 + chunks.length)
                .put("WEBP".getBytes(StandardCharsets.ISO_8859_1)).put(chunks);
        return out.array();
    }

    private static boolean ascii(byte[] b, int off, String s) {
        return b.length >= off + s.length() && new String(b, off, s.length(), StandardCharsets.ISO_8859_1).equals(s);
    }
}
