package gallery.imaging;

import java.io.ByteArrayOutputStream;

/**
 * Cuts a JPEG prefix back to its last complete marker segment. A ranged GET may end inside a
 * segment (a large XMP or preview); metadata-extractor then refuses the whole file, though the
 * EXIF segment before it is intact. This walks segment lengths only; it does not parse EXIF.
 */
final class JpegSegments {
    private JpegSegments() {
    }

    static byte[] completeHeader(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF) break;
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) break; // start of scan / end of image
            int len = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (len < 2 || i + 2 + len > b.length) break;
            out.write(b, i, 2 + len);
            i += 2 + len;
        }
        // An empty scan header so the reader sees a well-formed end of the metadata segments.
        out.write(0xFF);
        out.write(0xDA);
        out.write(0x00);
        out.write(0x02);
        out.write(0xFF);
        out.write(0xD9);
        return out.toByteArray();
    }
}
