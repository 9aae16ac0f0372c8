package gallery.core;

/**
 * Who added an original, as S3 user metadata on the object ({@code x-amz-meta-uploader}): the browser
 * upload sets {@code member:<email>} when the API starts the upload, so the browser cannot name anyone else.
 */
public final class Uploader {
    /** The user-metadata key (S3 adds the {@code x-amz-meta-} prefix on the wire). */
    public static final String METADATA_KEY = "uploader";

    private Uploader() {
    }

    /** The value for a signed-in member. */
    public static String member(String email) {
        return "member:" + email;
    }

    /** The admin tool's uploads ({@code admin upload}, {@code ./gallery up}'s import) carry this value. */
    public static final String ADMIN = "admin";

    /** What the index holds when nothing says who wrote an original (the aws cli with the stack's keys, ...). */
    public static final String UNKNOWN = "unknown";

    private static final String MEMBER = "member:";
    private static final String BACKUP_KEY = "backup-key:";

    /**
     * The value for an object written with a member's backup key. It comes from the request's
     * signer (the S3 event's principal), never from metadata, which the key's holder chooses.
     */
    public static String backupKey(String email) {
        return BACKUP_KEY + email;
    }

    /**
     * The uploader an object's own metadata may claim: {@code admin} or {@code member:<email>}, else
     * null. A {@code backup-key:} claim in metadata is never believed (only the signer names a key).
     */
    public static String fromMetadata(String value) {
        if (value == null) return null;
        String v = value.trim();
        if (v.equals(ADMIN)) return ADMIN;
        if (v.startsWith(MEMBER) && v.length() > MEMBER.length() && v.indexOf('@') > 0 && v.length() <= 320) return v;
        return null;
    }
}
