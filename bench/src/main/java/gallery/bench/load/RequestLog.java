package gallery.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Every request the viewers made, and every screen of thumbnails they looked at. Thread-safe. */
final class RequestLog {
    /** What a request was for, as a browser would tell them apart. */
    enum Kind {
        /** InitiateAuth through the edge's /cognito/ proxy. */
        SIGN_IN("sign-in (Cognito via the edge)"),
        /** POST /session: the signed cookies. */
        SESSION("session (signer)"),
        /** /api/albums and album pages. */
        API("api (albums, pages)"),
        /** /renditions/... picked from srcset for a grid tile. */
        THUMBNAIL("thumbnail (rendition)"),
        /** /renditions/... of the viewer's size when a photo is opened. */
        LARGE("large (rendition)"),
        /** /resize/... for an opened photo no preset fits, redirects included. */
        RESIZE("resize (on demand)");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * One request: {@code status} 0 when no answer came (timeout, refused connection); {@code cache}
     * the edge's X-Cache ({@code Hit}, {@code Miss}) or null.
     */
    record Sample(Kind kind, int status, long nanos, long bytes, String cache) {
        /** A redirect from the resizer is part of its protocol; anything from 400 on, or no answer, is an error. */
        boolean error() {
            return status == 0 || status >= 400;
        }
    }

    /** One screen of the grid: what its thumbnails cost, and what the same photos' originals would have. */
    record Screen(String device, int tiles, long thumbnailBytes, long originalBytes) {
    }

    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Screen> screens = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();

    void add(Sample s) {
        samples.add(s);
    }

    /**
     * An error with what it was (status and path, or the exception), counted by that text; {@code s}
     * is null for a wrong answer already recorded as a request.
     */
    void error(Sample s, String what) {
        if (s != null) samples.add(s);
        errors.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    void screen(Screen s) {
        screens.add(s);
    }

    List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    List<Screen> screens() {
        return new ArrayList<>(screens);
    }

    /** Distinct error descriptions and how often each happened. */
    Map<String, Integer> errors() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
