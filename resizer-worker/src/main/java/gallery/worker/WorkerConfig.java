package gallery.worker;

import gallery.core.config.Env;
import gallery.core.deploy.Lane;
import gallery.imaging.ImagingConfig;

import java.util.Objects;

/**
 * The resizer-worker's configuration, read once at start-up.
 *
 * @param derivedBucket where renditions are written
 * @param photoTable    the photo index table
 * @param imaging       libvips location and concurrency, untrusted-image limits
 * @param lane          which lane this worker consumes ({@code LANE}: {@code render}, the default, or
 *                      {@code reprocess}); one jar serves both, and logs and metrics say which
 */
public record WorkerConfig(String derivedBucket, String photoTable, ImagingConfig imaging, Lane lane) {
    public static final String LANE = "LANE";

    public WorkerConfig {
        Objects.requireNonNull(derivedBucket, "derivedBucket");
        Objects.requireNonNull(photoTable, "photoTable");
        Objects.requireNonNull(imaging, "imaging");
        Objects.requireNonNull(lane, "lane");
        if (lane == Lane.INGEST) throw new IllegalArgumentException("a render worker consumes the render or reprocess lane, not ingest");
    }

    public WorkerConfig(String derivedBucket, String photoTable, ImagingConfig imaging) {
        this(derivedBucket, photoTable, imaging, Lane.RENDER);
    }

    /** Reads DERIVED_BUCKET, PHOTO_TABLE, LANE and the imaging variables (VIPS_LIBRARY, VIPS_CONCURRENCY, MAX_*). */
    public static WorkerConfig fromEnv(Env env) {
        String derived = env.required("DERIVED_BUCKET", "the bucket holding renditions/...");
        String table = env.required("PHOTO_TABLE", "the photo index DynamoDB table name");
        String laneName = env.string(LANE, "render");
        Lane lane = switch (laneName) {
            case "render" -> Lane.RENDER;
            case "reprocess" -> Lane.REPROCESS;
            default -> {
                env.problem(LANE + "=" + laneName + " is not a render lane: expected render or reprocess");
                yield Lane.RENDER;
            }
        };
        ImagingConfig imaging = ImagingConfig.fromEnv(env); // validates every problem collected above too
        return new WorkerConfig(derived, table, imaging, lane);
    }
}
