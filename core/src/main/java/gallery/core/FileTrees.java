package gallery.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders made for one run (a temporary data folder, a private module prefix) and removed after it. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes {@code dir} and everything under it, deepest first; a missing folder is not an error. Links are removed, not followed. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
