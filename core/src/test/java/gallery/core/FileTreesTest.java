package gallery.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FileTreesTest {
    @Test
    void removesTheFolderWithItsContentButNotWhatALinkPointsTo(@TempDir Path tmp) throws Exception {
        Path kept = Files.writeString(tmp.resolve("kept.txt"), "outside");
        Path dir = Files.createDirectories(tmp.resolve("run/a/b"));
        Files.writeString(dir.resolve("f.txt"), "x");
        Files.createSymbolicLink(tmp.resolve("run/link.txt"), kept);

        FileTrees.delete(tmp.resolve("run"));

        assertThat(tmp.resolve("run")).doesNotExist();
        assertThat(kept).hasContent("outside");
    }

    @Test
    void aMissingFolderIsNotAnError(@TempDir Path tmp) throws Exception {
        FileTrees.delete(tmp.resolve("never made"));
        assertThat(tmp).isDirectory();
    }
}
