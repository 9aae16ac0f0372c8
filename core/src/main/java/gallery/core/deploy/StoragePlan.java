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

    /** us-east-1, December 2026: storage a GB-month in Standard and in Glacier Instant Retrieval, GIR's billing floor. */
    static final double STANDARD_GB_MONTH = 0.023;
    static final double COLD_GB_MONTH = 0.004;
    static final long COLD_MIN_BILLABLE_BYTES = 128 * 1024;
    /** A PUT into GIR is $0.02 per 1,000, into Standard $0.005: written cold, an object pays $0.000015 more, once. */
    static final double COLD_PUT_EXTRA = (0.02 - 0.005) / 1000;
    /** How soon writing an object cold must have paid for its dearer PUT. */
    static final int PAYBACK_MONTHS = 48;

    /**
     * A rendition from this size up to {@link #MIN_COLD_OBJECT_BYTES} is written straight into the cold class:
     * billed as at least 128 KiB at $0.004 instead of its size at $0.023, it saves (0.023 × size − 0.004 × 131,072)
     * per 2^30 bytes a month, which repays the dearer PUT within {@link #PAYBACK_MONTHS} from 37,384 bytes: the
     * 800 px rendition (57 KB, 21 months) and the 640 px one (38 KB, 46 months) of a 24 MP photo, not the
     * 512 px one (26 KB: 16 years, for $0.02 a TB-month). Written there it pays no transition fee, which is what
     * keeps the lifecycle from moving it. Renditions from {@link #MIN_COLD_OBJECT_BYTES} up are written to
     * Standard and moved after {@link #COLD_AFTER_DAYS}, like the originals: they are what a new photo's first
     * views read, and a GIR read costs $0.03 a GB. docs/deploy.md ("A terabyte for $6 a month") has the table.
     */
    public static final long DIRECT_COLD_MIN_BYTES = (long) Math.ceil(
            (COLD_PUT_EXTRA * (1L << 30) / PAYBACK_MONTHS + COLD_MIN_BILLABLE_BYTES * COLD_GB_MONTH) / STANDARD_GB_MONTH);

    private StoragePlan() {
    }

    /** The class an object of this size ends up in once it is older than {@link #COLD_AFTER_DAYS}. */
    public static String settledClass(long bytes) {
        return bytes >= MIN_COLD_OBJECT_BYTES ? COLD_CLASS : "STANDARD";
    }

    /** The class the render worker writes a rendition of {@code bytes} in (see {@link #DIRECT_COLD_MIN_BYTES}). */
    public static String renditionWriteClass(long bytes) {
        return bytes >= DIRECT_COLD_MIN_BYTES && bytes < MIN_COLD_OBJECT_BYTES ? COLD_CLASS : "STANDARD";
    }

}
