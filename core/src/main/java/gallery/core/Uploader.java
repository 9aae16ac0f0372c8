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
}
