package gallery.index;

import gallery.core.PhotoKey;
import gallery.core.ResizedKey;
import gallery.core.edge.EdgeInvalidation;
import gallery.aws.S3Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
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

    /** Deletes these derived objects ({@link S3Objects#deleteAll}: batched, and any key that fails fails the call). */
    public void delete(java.util.Collection<String> derivedKeys) {
        new S3Objects(s3).deleteAll(bucket, derivedKeys);
    }
}
