package gallery.core.backup;

import com.fasterxml.jackson.core.type.TypeReference;
import gallery.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

/**
 * The local stack's backup keys, {@code <data>/backup-keys.json}: what IAM holds in AWS. The admin
 * tool writes it ({@code users backup-key}); the local S3 endpoint reads it on every request whose
 * key it does not know, and again whenever the file changed, so a revoked key is refused at once.
 */
public final class BackupKeyFile {
    public static final String NAME = "backup-keys.json";
    private static final TypeReference<List<BackupKey>> LIST = new TypeReference<>() {
    };

    private final Path file;
    private FileTime readAt;
    private List<BackupKey> keys = List.of();

    public BackupKeyFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** Every key, as written last (re-read when the file changed since). */
    public synchronized List<BackupKey> keys() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(readAt)) {
                keys = List.copyOf(Json.MAPPER.readValue(Files.readAllBytes(file), LIST));
                readAt = modified;
            }
        } catch (NoSuchFileException none) {
            keys = List.of();
            readAt = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the backup keys in " + file, e);
        }
        return keys;
    }

    public Optional<BackupKey> byAccessKey(String accessKeyId) {
        return keys().stream().filter(k -> k.accessKeyId().equals(accessKeyId)).findFirst();
    }

    /** Replaces the file's contents (written beside it, then moved over it, so a reader never sees half). */
    public synchronized void write(List<BackupKey> all) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), NAME, ".tmp");
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            readAt = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup keys to " + file, e);
        }
    }
}
