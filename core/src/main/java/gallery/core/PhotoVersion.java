package gallery.core;

import java.util.Locale;

/**
 * The {@code v} of the URLs handed to browsers ({@code /renditions/...?v=}, {@code /resize/...?v=}):
 * a prefix of the original's ETag. Object keys are stable across re-uploads, so without it a
 * replaced photo would keep its old, year-long cached renditions. The api writes it and the
 * on-demand resizer compares it, so both take it from here.
 */
public final class PhotoVersion {
    /** 12 hex digits: 48 bits, so two uploads of one key colliding is out of the question. */
    static final int LENGTH = 12;

    private PhotoVersion() {
    }

    /** {@code "d41d8cd98f00b204e9800998ecf8427e"} becomes {@code d41d8cd98f00}; null or blank gives "". */
    public static String of(String eTag) {
        if (eTag == null) return "";
        StringBuilder v = new StringBuilder(LENGTH);
        for (char c : eTag.toLowerCase(Locale.ROOT).toCharArray()) {
            if (v.length() == LENGTH) break;
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) v.append(c);
        }
        return v.toString();
    }
}
