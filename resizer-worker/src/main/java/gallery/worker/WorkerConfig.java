package gallery.worker;

import gallery.core.config.Env;
import gallery.core.config.GalleryData;
import gallery.core.deploy.Lane;
import gallery.imaging.ImagingConfig;

import java.util.LinkedHashMap;
import java.util.Map;
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

    /** A render worker's environment: where renditions go, the index, its lane, and libvips' {@code imaging} variables. */
    public static Map<String, String> environment(String derivedBucket, String photoTable, Lane lane, Map<String, String> imaging) {
        if (lane == Lane.INGEST) throw new IllegalArgumentException("a render worker consumes the render or reprocess lane, not ingest");
        Map<String, String> env = new LinkedHashMap<>(imaging);
        env.put(GalleryData.DERIVED_BUCKET, derivedBucket);
        env.put(GalleryData.PHOTO_TABLE, photoTable);
        env.put(LANE, lane.label());
        return env;
    }

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

    /** Reads DERIVED_BUCKET, PHOTO_TABLE, LANE and the imaging variables (VIPS_LIBRARY, HEIF_LIBRARY, VIPS_CONCURRENCY, MAX_*). */
    public static WorkerConfig fromEnv(Env env) {
        String derived = GalleryData.derivedBucket(env);
        String table = GalleryData.photoTable(env);
        String laneName = env.string(LANE, Lane.RENDER.label());
        Lane lane = Lane.byLabel(laneName).filter(l -> l == Lane.RENDER || l == Lane.REPROCESS).orElseGet(() -> {
            env.problem(LANE + "=" + laneName + " is not a render lane: expected " + Lane.RENDER.label() + " or " + Lane.REPROCESS.label());
            return Lane.RENDER;
        });
        ImagingConfig imaging = ImagingConfig.fromEnv(env); // validates every problem collected above too
        return new WorkerConfig(derived, table, imaging, lane);
    }
}
