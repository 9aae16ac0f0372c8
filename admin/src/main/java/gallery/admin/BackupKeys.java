package gallery.admin;

import gallery.core.backup.BackupKey;

import java.util.List;
import java.util.Optional;

/**
 * Where members' backup keys live: IAM users in AWS ({@link IamBackupKeys}), the local S3
 * endpoint's key file on this machine ({@link LocalBackupKeys}). One key per member; issuing,
 * rotating and revoking return at once, and a revoked key is refused from its next request.
 */
interface BackupKeys {
    List<BackupKey> list();

    default Optional<BackupKey> find(String email) {
        return list().stream().filter(k -> k.email().equals(email)).findFirst();
    }

    /** A new key for a member who has none, under {@code prefix}; the answer carries the secret. */
    BackupKey issue(String email, String prefix);

    /** A new key pair for the member's key (same prefix and principal); the old one stops working. The answer carries the secret. */
    BackupKey rotate(BackupKey current);

    /** The key stops working and is forgotten. */
    void revoke(BackupKey current);

    /** Where the keys are kept, for messages. */
    String where();
}
