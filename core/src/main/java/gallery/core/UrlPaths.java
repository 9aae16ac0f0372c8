package gallery.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Object keys in URL paths. A key is percent-encoded one path segment at a time: only RFC 3986's
 * unreserved characters stay literal, so a space, {@code +}, {@code ?}, {@code #} or {@code %} in a
 * file name can never change what the path means, and the slashes between segments stay separators.
 * Decoding is the strict inverse: a malformed escape or bytes that are not UTF-8 are refused rather
 * than guessed at (form decoding, where {@code +} is a space, is for S3 events, not paths).
 */
public final class UrlPaths {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlPaths() {
    }

    /** {@code photos/Summer 2024/a+b.jpg} becomes {@code photos/Summer%202024/a%2Bb.jpg}. */
    public static String encodeKey(String key) {
        StringBuilder out = new StringBuilder(key.length() + 16);
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) out.append('/');
            out.append(encodeSegment(segments[i]));
        }
        return out.toString();
    }

    public static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes the percent escapes of one path segment. Characters other than {@code %} are taken as
     * they are, so a front door that already decoded the path is read the same way.
     *
     * @throws IllegalArgumentException naming the segment when an escape is malformed or the bytes are not UTF-8
     */
    public static String decodeSegment(String segment) {
        if (segment.indexOf('%') < 0) return segment;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        byte[] raw = segment.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                bytes.write(raw[i]);
                continue;
            }
            int hi = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
            int lo = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("malformed percent escape in path segment '" + segment + "'");
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("path segment '" + segment + "' does not decode to UTF-8 text", e);
        }
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
