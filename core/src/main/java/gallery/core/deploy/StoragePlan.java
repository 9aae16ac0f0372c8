package gallery.core.deploy;

/**
 * Where stored bytes live as they age: the one definition of the lifecycle the CDK stack deploys and
 * of the arithmetic that {@code admin cost} and {@code admin reprocess --dry-run} do with it.
 *
 * <p>Originals are written once by a backup tool, read once by ingest and the renderer within
 * minutes, and after that only for a download or a re-render. Renditions are read through
 * CloudFront, whose cache answers almost every view. Both therefore move to S3 Glacier Instant
 * Retrieval: the cheapest class that still answers a GET at once ($0.004 per GB-month against
 * Standard's $0.023), paid for with $0.03 per GB read, a 90-day minimum and a 128 KB minimum
 * billable size. docs/deploy.md ("Storage classes") compares it with Intelligent-Tiering.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html
 */
public final class StoragePlan {
    /** The class aged objects move to (S3's name for Glacier Instant Retrieval). */
    public static final String COLD_CLASS = "GLACIER_IR";
    /**
     * Days in Standard first: a photo is read by ingest and the renderer right after upload, and the
     * family looks at (and downloads, and re-uploads edited copies of) new photos most in their first
     * weeks, when a retrieval fee or the 90-day minimum of an early delete would be paid.
     */
    public static final int COLD_AFTER_DAYS = 30;
    /**
     * Smaller objects stay in Standard. Glacier Instant Retrieval bills every object as at least
     * 128 KB, and each lifecycle transition costs $0.02 per 1,000 objects; an object pays that back
     * within a year only from about 100 KB (120 KB, a 1280 px rendition: 9 months; 64 KB, a 640 px
     * one: 21 months; 20 KB, a thumbnail: never). docs/deploy.md has the arithmetic.
     */
    public static final long MIN_COLD_OBJECT_BYTES = 100 * 1024;

    private StoragePlan() {
    }

    /** The class an object of this size ends up in once it is older than {@link #COLD_AFTER_DAYS}. */
    public static String settledClass(long bytes) {
        return bytes >= MIN_COLD_OBJECT_BYTES ? COLD_CLASS : "STANDARD";
    }
}
