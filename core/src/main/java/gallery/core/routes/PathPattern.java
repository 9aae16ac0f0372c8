package gallery.core.routes;

import java.util.HashMap;
import java.util.Map;

/**
 * CloudFront path-pattern semantics: case-sensitive, {@code *} matches any run of characters
 * (slashes included, possibly none), {@code ?} matches exactly one character, everything else is
 * literal. The pattern is matched against the path only, never the query string.
 * See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 * <p>
 * The same wildcards appear in a signed-cookie policy's {@code Resource}, matched against the
 * whole URL, so the signed-cookie verifier uses {@link #matches} too.
 */
public final class PathPattern {
    private PathPattern() {
    }

    public static boolean matches(String pattern, String text) {
        // Iterative wildcard match with one backtrack point: linear in practice, no regex, no recursion.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    /** True when some path matches both patterns. */
    public static boolean overlap(String a, String b) {
        return overlap(a, 0, b, 0, new HashMap<>());
    }

    private static boolean overlap(String a, int i, String b, int j, Map<Long, Boolean> seen) {
        long state = ((long) i << 32) | j;
        Boolean known = seen.get(state);
        if (known != null) return known;
        seen.put(state, false);
        boolean result;
        boolean aEnd = i == a.length(), bEnd = j == b.length();
        if (aEnd && bEnd) {
            result = true;
        } else if (!aEnd && a.charAt(i) == '*') {
            // '*' takes nothing, or takes one character that b's next element can also produce.
            result = overlap(a, i + 1, b, j, seen) || (!bEnd && overlap(a, i, b, j + 1, seen));
        } else if (!bEnd && b.charAt(j) == '*') {
            result = overlap(a, i, b, j + 1, seen) || (!aEnd && overlap(a, i + 1, b, j, seen));
        } else if (aEnd || bEnd) {
            result = false;
        } else {
            char x = a.charAt(i), y = b.charAt(j);
            result = (x == '?' || y == '?' || x == y) && overlap(a, i + 1, b, j + 1, seen);
        }
        seen.put(state, result);
        return result;
    }
}
