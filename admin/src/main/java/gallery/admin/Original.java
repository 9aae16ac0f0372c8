package gallery.admin;

import gallery.core.PhotoKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An original as the bucket lists it. The bucket, not the index, is the source of truth for which
 * photos exist: an original whose S3 event was lost has no row, and only a listing finds it.
 */
public record Original(PhotoKey key, long size, String eTag, Instant lastModified, String storageClass) {

    /** An original in S3 Standard. */
    public Original(PhotoKey key, long size, String eTag, Instant lastModified) {
        this(key, size, eTag, lastModified, "STANDARD");
    }

    /**
     * Every photo key under {@code prefix} (ListObjectsV2, 1000 a page), filtered. Keys this system
     * does not index (folder markers, dot segments) are left out.
     */
    public static List<Original> list(S3Client s3, String bucket, String prefix, Predicate<Original> filter) {
        List<Original> out = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            if (!PhotoKey.isPhotoKey(o.key())) continue;
            Original original = new Original(new PhotoKey(o.key()), o.size(), unquote(o.eTag()), o.lastModified(), o.storageClassAsString());
            if (filter.test(original)) out.add(original);
        }
        return out;
    }

    /** The prefix that lists one album's folder ({@code photos/} for the root album). */
    public static String albumPrefix(String album) {
        return album.isEmpty() ? PhotoKey.PREFIX : PhotoKey.PREFIX + album + "/";
    }

    static String unquote(String eTag) {
        if (eTag == null) return null;
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
