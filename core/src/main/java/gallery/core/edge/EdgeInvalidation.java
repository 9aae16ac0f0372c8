package gallery.core.edge;

import gallery.core.PhotoKey;
import gallery.core.ResizedKey;
import gallery.core.UrlPaths;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes copies the edge cached of objects that are gone. Renditions are cached for a year under
 * their URL with {@code ?v=<version>} (CloudFront, or the local edge), so deleting an object does
 * not stop the edge answering from its copy: whoever deletes derived objects invalidates these paths.
 */
public interface EdgeInvalidation {
    /** For a deployment without an edge to tell (unit tests, a pipeline without the local edge). */
    EdgeInvalidation NONE = paths -> { };

    /**
     * @param paths request paths as browsers send them, percent-encoded, each with its {@code ?v=}
     *              query (CloudFront invalidates exactly that cache key; no wildcards, which CloudFront
     *              allows only 15 of in progress at a time)
     */
    void invalidate(List<String> paths);

    /**
     * Every path under which the edge may hold a copy of {@code derivedKey}, an object derived from
     * {@code photo}, cached for photo version {@code version}: the object's own URL, and for a stored
     * on-demand result the {@code /resize/} URL the resizer answered with it.
     */
    static List<String> pathsOf(PhotoKey photo, String derivedKey, String version) {
        String v = "?v=" + version;
        List<String> paths = new ArrayList<>(2);
        paths.add("/" + UrlPaths.encodeKey(derivedKey) + v);
        int edge = ResizedKey.edgeOf(photo, derivedKey);
        if (edge > 0) paths.add("/resize/" + edge + "x" + edge + "/" + UrlPaths.encodeKey(photo.value()) + v);
        return paths;
    }
}
