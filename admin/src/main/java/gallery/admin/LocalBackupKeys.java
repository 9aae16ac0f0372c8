package gallery.admin;

import gallery.core.backup.BackupKey;
import gallery.core.backup.BackupKeyFile;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Backup keys of the local stack: its S3 endpoint reads {@code <data>/backup-keys.json} on each
 * request with a key it has not seen, and whenever the file changed. Ids look like AWS's (an
 * access key id of 20 upper-case characters, a secret of 40), so clients that check the shape accept them.
 */
final class LocalBackupKeys implements BackupKeys {
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private final SecureRandom random = new SecureRandom();
    private final BackupKeyFile file;
    private final Clock clock;

    LocalBackupKeys(BackupKeyFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    @Override
    public List<BackupKey> list() {
        return file.keys();
    }

    @Override
    public BackupKey issue(String email, String prefix) {
        BackupKey key = new BackupKey(email, prefix, "AIDL" + random(UPPER, 17), "GBKL" + random(UPPER, 16),
                random(SECRET, 40), clock.instant());
        List<BackupKey> all = new ArrayList<>(file.keys());
        all.add(key);
        file.write(all);
        return key;
    }

    @Override
    public BackupKey rotate(BackupKey current) {
        BackupKey next = new BackupKey(current.email(), current.prefix(), current.principalId(), "GBKL" + random(UPPER, 16),
                random(SECRET, 40), clock.instant());
        List<BackupKey> all = new ArrayList<>(file.keys());
        all.removeIf(k -> k.email().equals(current.email()));
        all.add(next);
        file.write(all);
        return next;
    }

    @Override
    public void revoke(BackupKey current) {
        List<BackupKey> all = new ArrayList<>(file.keys());
        all.removeIf(k -> k.email().equals(current.email()));
        file.write(all);
    }

    @Override
    public String where() {
        return file.path().toString();
    }

    private String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return b.toString();
    }
}
