package gallery.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFolderTest {
    @Test
    void theTrustedGroupFollowsTheFolderAtOnceThoughParsedKeysAreKept(@TempDir Path dir) throws Exception {
        KeyFolder folder = KeyFolder.open(dir);
        String first = folder.current().keyId();
        assertThat(folder.trustedKeys()).containsOnlyKeys(first);
        assertThat(folder.trustedKeys().get(first)).as("unchanged file: the same parsed key").isSameAs(folder.trustedKeys().get(first));

        String second = folder.rotate().keyId();
        assertThat(folder.trustedKeys()).containsOnlyKeys(first, second);

        // A key file replaced in place (another key under the same id) is read again.
        Path replaced = folder.file(first);
        Files.copy(folder.file(second), replaced, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(replaced, FileTime.fromMillis(Files.getLastModifiedTime(replaced).toMillis() + 2000));
        assertThat(folder.trustedKeys().get(first)).isEqualTo(folder.trustedKeys().get(second));

        Files.delete(folder.file(first));
        assertThat(folder.trustedKeys()).containsOnlyKeys(second);
    }
}
