package gallery.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keys made from a photo's key must still fit the stores' limits: an S3 key is at most 1,024 bytes of
 * UTF-8, and so is a DynamoDB sort key. A photo key may itself be 1,024 bytes, so a derived key
 * ({@code renditions/2560/<key>.webp}) or a sort key ({@code <instant>#<key>}) built from it may not
 * fit. Then the photo key's part is replaced by {@code ~} and its SHA-256: deterministic, so every
 * writer and reader computes the same key, and only for keys that would not fit otherwise.
 */
public final class KeyBytes {
    /** S3 object keys and DynamoDB sort keys: at most this many bytes of UTF-8. */
    public static final int MAX = 1024;

    private KeyBytes() {
    }

    /** {@code prefix + key + suffix}, or with {@code key} replaced by {@code ~<sha256>} when that is over {@link #MAX} bytes. */
    public static String fit(String prefix, String key, String suffix) {
        String whole = prefix + key + suffix;
        if (utf8Length(whole) <= MAX) return whole;
        return prefix + "~" + sha256(key) + suffix;
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
