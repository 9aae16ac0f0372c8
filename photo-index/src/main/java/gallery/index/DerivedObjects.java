package gallery.index;

import gallery.core.PhotoKey;
import gallery.core.ResizedKey;
import gallery.core.edge.EdgeInvalidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Removes what the index doomed ({@link DerivedRecord}): deletes the objects from the derived
 * bucket, invalidates the edge's copies, then forgets them. The one place ingest (removals,
 * replacements, refusals) and the worker (superseded renditions) delete derived objects.
 */
public final class DerivedObjects {
    private static final Logger LOG = LoggerFactory.getLogger(DerivedObjects.class);

    private final S3Client s3;
    private final String bucket;
    private final PhotoIndex index;
    private final EdgeInvalidation edge;

    public DerivedObjects(S3Client s3, String derivedBucket, PhotoIndex index, EdgeInvalidation edge) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(derivedBucket, "derivedBucket");
        this.index = Objects.requireNonNull(index, "index");
        this.edge = Objects.requireNonNull(edge, "edge");
    }

    /**
     * Deletes every doomed object of the photo that no render has claimed again, and invalidates the
     * edge's copies. With {@code goneVersion} (the eTag of a version deleted, replaced or refused) the
     * on-demand resizer's stored results are removed too: the resizer does not write the index, its
     * results are recorded by their prefix ({@link ResizedKey#prefixOf}), one listing per photo.
     *
     * @return how many objects were deleted
     */
    public int cleanUp(PhotoKey key, String goneVersion) {
        if (goneVersion != null) {
            // Recorded first, so a retry after a failed delete or invalidation still knows them and their version.
            String v = gallery.core.PhotoVersion.of(goneVersion);
            List<DerivedRecord.Doomed> resized = resizedResults(key).stream().map(k -> new DerivedRecord.Doomed(v, k)).toList();
            index.doom(key, resized);
        }
        Set<DerivedRecord.Doomed> doomed = index.derivedRecord(key).toDelete();
        Set<DerivedRecord.Doomed> later = new LinkedHashSet<>();
        Set<DerivedRecord.Doomed> all = new LinkedHashSet<>(doomed);
        if (all.isEmpty()) return 0;
        // The version still current: its older preset's files show the same picture, their edge copies
        // are invalidated when the version goes (DerivedRecord.cached), not at every preset change.
        String current = goneVersion != null ? null : index.get(key).map(r -> gallery.core.PhotoVersion.of(r.version().eTag())).orElse(null);
        delete(all.stream().map(DerivedRecord.Doomed::key).distinct().toList());
        List<String> paths = new ArrayList<>();
        for (DerivedRecord.Doomed d : all) {
            if (d.version().equals(current)) later.add(d);
            // A version never handed out (a removal retried without its row) has no cached copies.
            else if (!d.version().isEmpty()) paths.addAll(EdgeInvalidation.pathsOf(key, d.key(), d.version()));
        }
        if (!paths.isEmpty()) edge.invalidate(paths);
        index.forgetDoomed(key, doomed, later);
        LOG.info("{}: {} derived objects deleted, {} edge paths invalidated", key, all.size(), paths.size());
        return all.size();
    }

    /**
     * The on-demand resizer's stored results of this photo: any rung and format, so they are listed
     * rather than guessed. Listed with {@code EncodingType=url}, since S3 cannot put every key in XML
     * (a control character); the SDK decodes the keys of such a listing itself.
     */
    public List<String> resizedResults(PhotoKey key) {
        List<String> found = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(ResizedKey.prefixOf(key))
                .encodingType(EncodingType.URL)).contents()) {
            if (ResizedKey.isResultOf(key, o.key())) found.add(o.key());
        }
        return found;
    }

    /**
     * Deletes these derived objects: DeleteObjects, 1000 a request, except for keys XML 1.0 cannot carry
     * (a control character: S3 answers "The XML you provided was not well-formed"), deleted one by one.
     */
    public void delete(java.util.Collection<String> derivedKeys) {
        List<String> keys = new ArrayList<>();
        for (String k : derivedKeys) {
            if (xmlSafe(k)) keys.add(k);
            else s3.deleteObject(b -> b.bucket(bucket).key(k));
        }
        for (int i = 0; i < keys.size(); i += 1000) {
            List<ObjectIdentifier> chunk = keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket)
                    .delete(Delete.builder().objects(chunk).quiet(true).build()));
            if (r.hasErrors() && !r.errors().isEmpty()) {
                throw new IllegalStateException("could not delete " + r.errors().size() + " derived objects from "
                        + bucket + ", first: " + r.errors().get(0).key() + ": " + r.errors().get(0).message());
            }
        }
    }

    /**
     * Whether XML 1.0 carries the key unchanged: no control characters but tab and newline (a carriage
     * return would be read back as a newline), no U+FFFE/FFFF.
     */
    static boolean xmlSafe(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n') return false;
            if (c == 0xFFFE || c == 0xFFFF) return false;
        }
        return true;
    }
}
