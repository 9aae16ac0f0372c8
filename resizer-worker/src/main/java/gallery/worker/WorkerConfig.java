package gallery.worker;

import gallery.core.config.Env;
import gallery.imaging.ImagingConfig;

import java.util.Objects;

/**
 * The resizer-worker's configuration, read once at start-up.
 *
 * @param derivedBucket where renditions are written
 * @param photoTable    the photo index table
 * @param imaging       libvips location and concurrency, untrusted-image limits
 */
public record WorkerConfig(String derivedBucket, String photoTable, ImagingConfig imaging) {
    public WorkerConfig {
        Objects.requireNonNull(derivedBucket, "derivedBucket");
        Objects.requireNonNull(photoTable, "photoTable");
        Objects.requireNonNull(imaging, "imaging");
    }

    /** Reads DERIVED_BUCKET, PHOTO_TABLE and the imaging variables (VIPS_LIBRARY, HEIF_LIBRARY, VIPS_CONCURRENCY, MAX_*). */
    public static WorkerConfig fromEnv(Env env) {
        String derived = env.required("DERIVED_BUCKET", "the bucket holding renditions/...");
        String table = env.required("PHOTO_TABLE", "the photo index DynamoDB table name");
        ImagingConfig imaging = ImagingConfig.fromEnv(env); // validates every problem collected above too
        return new WorkerConfig(derived, table, imaging);
    }
}
