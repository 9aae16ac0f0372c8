package gallery.testing;

import java.util.ArrayList;
import java.util.List;

/** What a browser does with the signer's {@code Set-Cookie} headers, for tests that ask the edge as one. */
public final class SignedCookies {
    private SignedCookies() {
    }

    /**
     * The Cookie header a browser sends to {@code path}: the CloudFront trio whose Path is a prefix of it.
     * Fails unless exactly one trio matches, as the signer issues one per route and access label.
     */
    public static String cookiesFor(List<String> setCookies, String path) {
        List<String> pairs = new ArrayList<>();
        for (String c : setCookies) {
            String cookiePath = c.replaceAll(".*; Path=([^;]+).*", "$1");
            if (path.startsWith(cookiePath)) pairs.add(c.substring(0, c.indexOf(';')));
        }
        if (pairs.size() != 3) throw new AssertionError("cookies for " + path + ": expected one trio, got " + pairs);
        return String.join("; ", pairs);
    }
}
