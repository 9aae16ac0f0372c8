package gallery.core.config;

/**
 * The variables that tell a function where the gallery's data is: its buckets, its table, the
 * render queue. Several functions read the same ones, so they are named here once; each module's
 * {@code XxxConfig} reads them through these methods and builds its environment with these names
 * (its own variables are constants of its own), and so do infra, {@code Deployment.environment()} and
 * the local stack.
 */
public final class GalleryData {
    public static final String ORIGINALS_BUCKET = "ORIGINALS_BUCKET";
    public static final String DERIVED_BUCKET = "DERIVED_BUCKET";
    public static final String PHOTO_TABLE = "PHOTO_TABLE";
    public static final String RENDER_QUEUE_URL = "RENDER_QUEUE_URL";

    private GalleryData() {
    }

    public static String originalsBucket(Env env) {
        return env.required(ORIGINALS_BUCKET, "the bucket holding photos/... originals");
    }

    public static String derivedBucket(Env env) {
        return env.required(DERIVED_BUCKET, "the bucket holding renditions/...");
    }

    public static String photoTable(Env env) {
        return env.required(PHOTO_TABLE, "the photo index DynamoDB table name");
    }

    public static String renderQueueUrl(Env env) {
        return env.required(RENDER_QUEUE_URL, "the URL of the render SQS queue");
    }
}
