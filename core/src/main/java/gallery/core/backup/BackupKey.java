package gallery.core.backup;

import gallery.core.PhotoKey;

import java.text.Normalizer;
import java.time.Instant;
import java.util.Objects;

/**
 * A member's backup credentials: an access key that may list, read and add originals under the
 * member's own prefix only, and never delete or replace one. In AWS an IAM user carries it
 * ({@code principalId} is the user's unique id, which S3 events name); locally the S3 endpoint's
 * key file does ({@link BackupKeyFile}). {@code secretAccessKey} is null where it is not kept (AWS
 * shows it once, when issued).
 */
public record BackupKey(String email, String prefix, String principalId, String accessKeyId,
                        String secretAccessKey, Instant createdAt) {
    public BackupKey {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        if (!prefix.startsWith(PhotoKey.PREFIX) || !prefix.endsWith("/") || prefix.length() <= PhotoKey.PREFIX.length() + 1) {
            throw new IllegalArgumentException("backup prefix '" + prefix + "': expected photos/<member>/");
        }
    }

    /** True for a key in the member's prefix: the only objects the backup key may list, read or add. */
    public boolean covers(String key) {
        return key != null && key.startsWith(prefix) && key.length() > prefix.length() && !key.contains("/../")
                && !key.contains("//");
    }

    /** True for a listing the key may ask for: one inside its prefix (or the path down to it, for a client that lists its way there). */
    public boolean mayList(String listPrefix) {
        String p = listPrefix == null ? "" : listPrefix;
        return p.startsWith(prefix);
    }

    public BackupKey withoutSecret() {
        return new BackupKey(email, prefix, principalId, accessKeyId, null, createdAt);
    }

    /**
     * The member's folder under {@code photos/}: their name as the gallery greets them, reduced to
     * ASCII letters, digits and dashes (a phone app, an IAM policy ARN and a URL all take it as it
     * is), else the part of the email before the {@code @}. It is the album the backups land in
     * ({@code photos/Grandma/Camera/} is the album "Grandma/Camera"), so a name reads better than
     * an address, and no address is shown to everyone who sees the album list.
     */
    public static String folderFor(String name, String email) {
        String from = name != null && !slug(name).isEmpty() ? name : email.substring(0, Math.max(0, email.indexOf('@')));
        String s = slug(from);
        if (s.isEmpty()) throw new IllegalArgumentException("cannot make a folder name from '" + from + "'");
        return s;
    }

    public static String prefixFor(String folder) {
        if (!folder.matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("backup folder '" + folder + "': expected ASCII letters, digits and dashes (at most 63)");
        }
        return PhotoKey.PREFIX + folder + "/";
    }

    static String slug(String text) {
        String plain = Normalizer.normalize(text.trim(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String s = plain.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
    }

    @Override
    public String toString() {
        return "BackupKey[" + email + ", " + prefix + ", " + accessKeyId + "]";
    }
}
