package gallery.core.edge;

import gallery.core.AlbumAccess;
import gallery.core.PhotoKey;
import gallery.core.routes.Route;
import gallery.core.routes.Routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Access labels: the first path segment after a protected prefix ({@code /renditions/<label>/...},
 * {@code /photos/<label>/...}, {@code /resize/<label>/...}) that says which cookies open the URL.
 * Object keys do not carry it: the edge checks the label against the album the path names and
 * drops it before the cache and the origin ({@link EdgeAccess}), so a regrouping moves no object.
 * <ul>
 *   <li>{@code all}: albums for everyone;</li>
 *   <li>{@code g-<16 hex>}: one per distinct set of groups named by a rule (SHA-256 of the sorted names),
 *       so a member of {@code parents} holds one more cookie trio per such set, not per album;</li>
 *   <li>{@code s-<16 hex>}: one album opened by a share link (SHA-256 of {@code share\n<album>}); the edge
 *       recomputes it from the path, so a share cookie opens that album's folder and nothing else.</li>
 * </ul>
 * See docs/architecture.md, "Albums for some people".
 */
public final class AccessLabels {
    public static final String EVERYONE = "all";
    static final String GROUPS = "g-";
    static final String SHARE = "s-";
    private static final Pattern LABEL = Pattern.compile("all|[gs]-[0-9a-f]{16}");

    private AccessLabels() {
    }

    /** The label of albums for {@code groups}; {@code all} for none (everyone). */
    public static String forGroups(Set<String> groups) {
        if (groups.isEmpty()) return EVERYONE;
        return GROUPS + hash(String.join("\n", new TreeSet<>(groups)));
    }

    /** The label a share link of {@code album} opens: that folder's photos only. */
    public static String forShare(String album) {
        return SHARE + hash("share\n" + album);
    }

    public static boolean isLabel(String s) {
        return s != null && LABEL.matcher(s).matches();
    }

    /** The label of {@code album}'s URLs under {@code access}. */
    public static String ofAlbum(AlbumAccess access, String album) {
        return forGroups(access.groupsOf(album));
    }

    /**
     * Album (or folder) → label for every rule: what the edge function carries. Folders without a rule
     * take their nearest ruled parent's label, else {@code all}, as {@link AlbumAccess#groupsOf} does.
     */
    public static Map<String, String> edgeRules(AlbumAccess access) {
        Map<String, String> out = new TreeMap<>();
        access.rules().forEach((album, groups) -> out.put(album, forGroups(groups)));
        return out;
    }

    /**
     * The labels whose cookies a caller gets: {@code all}, and the label of every rule naming one of their
     * groups (every rule's, for an admin). In a stable order.
     */
    public static Set<String> visibleTo(AlbumAccess access, Set<String> groups, boolean admin) {
        Set<String> labels = new LinkedHashSet<>();
        labels.add(EVERYONE);
        new TreeMap<>(access.rules()).forEach((album, allowed) -> {
            if (admin || allowed.stream().anyMatch(groups::contains)) labels.add(forGroups(allowed));
        });
        return labels;
    }

    /**
     * A path under a protected prefix with the label put in: {@code /renditions/640/photos/a.jpg.webp?v=1}
     * becomes {@code /renditions/<label>/640/photos/a.jpg.webp?v=1}.
     */
    public static String labelled(String path, String label) {
        if (!isLabel(label)) throw new IllegalArgumentException("not an access label: " + label);
        for (Route r : Routes.protectedRoutes()) {
            String prefix = r.protectedPrefix();
            if (path.startsWith(prefix)) return prefix + label + "/" + path.substring(prefix.length());
        }
        throw new IllegalArgumentException(path + " is not under a protected prefix");
    }

    /** A labelled path taken apart: its route, label, and the path without the label (what the origin gets). */
    public record Labelled(Route route, String label, String unlabelled) {
        /**
         * The photo key the unlabelled path names, decoded (S3 decodes the path once), or empty when it names
         * none: {@code /photos/<key>}; {@code /renditions/<size|resized|video>/<key>...}; {@code /resize/<box>/<key>}.
         */
        public Optional<String> photoPath() {
            String rest = unlabelled.substring(1);
            if (route != Routes.PHOTOS) {
                int slash = rest.indexOf('/', route.protectedPrefix().length() - 1);
                if (slash < 0) return Optional.empty();
                rest = rest.substring(slash + 1);
            }
            String decoded;
            try {
                decoded = gallery.core.UrlPaths.decodeSegment(rest);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (!decoded.startsWith(PhotoKey.PREFIX)) return Optional.empty();
            for (String segment : decoded.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) return Optional.empty();
            }
            return Optional.of(decoded);
        }

        /** The folder below {@code photos/} holding what the path names (for a stored resize, a folder named after the photo under its album). */
        public Optional<String> folder() {
            return photoPath().map(p -> {
                String rest = p.substring(PhotoKey.PREFIX.length());
                int slash = rest.lastIndexOf('/');
                return slash < 0 ? "" : rest.substring(0, slash);
            });
        }
    }

    /** Empty when the path is not under a protected prefix or its first segment there is not a label. */
    public static Optional<Labelled> parse(String rawPath) {
        for (Route r : Routes.protectedRoutes()) {
            String prefix = r.protectedPrefix();
            if (!rawPath.startsWith(prefix)) continue;
            int slash = rawPath.indexOf('/', prefix.length());
            if (slash < 0) return Optional.empty();
            String label = rawPath.substring(prefix.length(), slash);
            if (!isLabel(label)) return Optional.empty();
            return Optional.of(new Labelled(r, label, prefix + rawPath.substring(slash + 1)));
        }
        return Optional.empty();
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
