package gallery.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository a test needs (tools/, the layers, sample photos), found from a module's folder. */
public final class RepoFiles {
    private RepoFiles() {
    }

    /** {@code relative} under the nearest folder above the working directory that has it. */
    public static Path find(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(relative))) return p.resolve(relative);
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath() + ": run ./gallery setup");
    }

    /** tools/, where npm installed cognito-local and the test tools ({@code ./gallery setup}). */
    public static Path toolsDir() {
        return find("tools/package.json").getParent();
    }
}
