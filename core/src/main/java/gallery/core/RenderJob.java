package gallery.core;

import java.util.Objects;

/**
 * A request to render every size of a preset for one version of an original. Queued by ingest
 * (render lane) and by the admin tool (reprocess lane); consumed by the resizer-worker.
 * {@code eTag} lets the worker skip a job for a version that is no longer current.
 */
public record RenderJob(String bucket, String key, String versionId, String eTag, String preset) {
    public RenderJob {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(preset, "preset");
    }

    public PhotoKey photoKey() {
        return new PhotoKey(key);
    }

    public static RenderJob fromJson(String json) {
        return Json.read(json, RenderJob.class);
    }

    public String toJson() {
        return Json.write(this);
    }
}
