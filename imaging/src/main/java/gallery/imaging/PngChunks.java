package gallery.imaging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PNG's compressed ancillary chunks, bounded. A zTXt, compressed iTXt or iCCP chunk is zlib data
 * that a few megabytes can inflate to gigabytes: a 2.2 MB file whose zTXt inflated to 2.2 GB made
 * metadata-extractor throw {@code OutOfMemoryError} and the worker retry it forever (issue 15).
 * Each such chunk is inflated here into a small buffer, counting, and a file whose chunk exceeds its
 * cap is refused; metadata-extractor then sees the file without these chunks at all (the gallery
 * reads dimensions, dates, camera and GPS, none of which live in them).
 */
final class PngChunks {
    /** Text (zTXt, iTXt): a caption is kilobytes; a megabyte of it is not a photo's. */
    static final long MAX_TEXT_BYTES = 1L << 20;
    /** An ICC profile: the largest in common use (a printer's LUT profile) are a few megabytes. */
    static final long MAX_PROFILE_BYTES = 16L << 20;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** What metadata-extractor is given: the header and EXIF (and the end, so the file still reads as PNG). */
    private static final Set<String> FOR_METADATA = Set.of("IHDR", "eXIf", "IEND");

    private PngChunks() {
    }

    static boolean isPng(byte[] b) {
        if (b.length < SIGNATURE.length) return false;
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (b[i] != SIGNATURE[i]) return false;
        }
        return true;
    }

    /**
     * Inflates every compressed chunk of {@code png} (or of the part of it given: a chunk cut off by the
     * end of a prefix is inflated as far as it goes), never holding more than a small buffer.
     *
     * @throws BadImage naming the chunk and its cap when one inflates past it
     */
    static void checkCompressedChunks(String name, byte[] png) {
        if (!isPng(png)) return;
        int at = SIGNATURE.length;
        while (at + 8 <= png.length) {
            long length = readUint(png, at);
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            int data = at + 8;
            int end = (int) Math.min(png.length, data + length);
            switch (type) {
                case "zTXt" -> check(name, type, png, afterKeyword(png, data, end) + 1, end, MAX_TEXT_BYTES);
                case "iCCP" -> check(name, type, png, afterKeyword(png, data, end) + 1, end, MAX_PROFILE_BYTES);
                case "iTXt" -> {
                    int flag = afterKeyword(png, data, end);
                    if (flag < end && png[flag] == 1) {
                        // flag, method, language\0, translated keyword\0, then the text
                        int translatedKeyword = afterKeyword(png, flag + 2, end);
                        int text = afterKeyword(png, translatedKeyword, end);
                        check(name, type, png, text, end, MAX_TEXT_BYTES);
                    }
                }
                default -> {
                    // not compressed, or not ancillary text: libvips' own loader bounds the image data
                }
            }
            if ("IEND".equals(type) || data + length + 4 > png.length) break;
            at = (int) (data + length + 4);
        }
    }

    /** {@code png} with only the chunks metadata is read from; anything else (not a PNG) as it is. */
    static byte[] forMetadata(byte[] png) {
        if (!isPng(png)) return png;
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(png.length, 1 << 16));
        out.write(SIGNATURE, 0, SIGNATURE.length);
        int at = SIGNATURE.length;
        while (at + 8 <= png.length) {
            long length = readUint(png, at);
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            long next = at + 12 + length;
            if (next > png.length) break;
            if (FOR_METADATA.contains(type)) out.write(png, at, (int) (next - at));
            if ("IEND".equals(type)) break;
            at = (int) next;
        }
        return out.toByteArray();
    }

    private static void check(String name, String type, byte[] png, int from, int end, long cap) {
        if (from >= end) return;
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(png, from, end - from);
            byte[] sink = new byte[64 * 1024];
            long total = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(sink);
                total += n;
                if (total > cap) {
                    throw new BadImage(name + ": PNG " + type + " chunk inflates to more than " + cap
                            + " bytes: expected at most that much " + (type.equals("iCCP") ? "colour profile" : "text")
                            + " (a decompression bomb)");
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break; // cut off by the prefix
            }
        } catch (DataFormatException e) {
            throw new BadImage(name + ": PNG " + type + " chunk is not valid zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** The index after the NUL that ends a Latin-1 keyword starting at {@code from} ({@code end} if none). */
    private static int afterKeyword(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) return i + 1;
        }
        return end;
    }

    private static long readUint(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
