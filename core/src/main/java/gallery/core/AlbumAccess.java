package gallery.core;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may see which album. An album (a folder under {@code photos/}) is for everyone unless a rule
 * names the user-pool groups it is for; a rule on a folder covers its subfolders too (the
 * grandparents' album and everything filed under it), unless a subfolder has a rule of its own.
 * Members of the admin group see every album: they set the rules.
 *
 * @param rules album → the groups it is for (never empty: "for everyone" is the absence of a rule)
 */
public record AlbumAccess(Map<String, Set<String>> rules) {
    public static final AlbumAccess EVERYONE = new AlbumAccess(Map.of());

    public AlbumAccess {
        TreeMap<String, Set<String>> copy = new TreeMap<>();
        rules.forEach((album, groups) -> {
            if (groups == null || groups.isEmpty()) throw new IllegalArgumentException("album '" + album + "' has a rule naming no group");
            copy.put(album, Set.copyOf(new TreeSet<>(groups)));
        });
        rules = java.util.Collections.unmodifiableMap(copy);
    }

    /** The groups {@code album} is for (its own rule, else its nearest parent folder's); empty: everyone. */
    public Set<String> groupsOf(String album) {
        String folder = album;
        while (true) {
            Set<String> groups = rules.get(folder);
            if (groups != null) return groups;
            if (folder.isEmpty()) return Set.of();
            int slash = folder.lastIndexOf('/');
            folder = slash < 0 ? "" : folder.substring(0, slash);
        }
    }

    /** Whether someone in {@code groups} (admin or not) may see {@code album}. */
    public boolean visible(String album, Set<String> groups, boolean admin) {
        if (admin) return true;
        Set<String> allowed = groupsOf(album);
        if (allowed.isEmpty()) return true;
        for (String g : groups) if (allowed.contains(g)) return true;
        return false;
    }

    /** How a rule reads in the admin tool and the docs: {@code everyone} or {@code groups a, b}. */
    public static String describe(Set<String> groups) {
        return groups.isEmpty() ? "everyone" : "groups " + String.join(", ", new TreeSet<>(groups));
    }
}
