package gallery.admin;

import gallery.core.deploy.StoragePlan;

import java.util.Locale;

/**
 * S3's storage classes as the bill sees them: us-east-1 list prices (aws.amazon.com/s3/pricing, as
 * read in December 2026; Intelligent-Tiering is priced at its frequent tier, the most it can be).
 * AWS bills a GB as 2^30 bytes; Glacier Instant Retrieval and Standard-IA bill every object as at
 * least 128 KB and charge per GB read.
 */
enum S3Storage {
    STANDARD(0.023, 0, 0, 0.005, 0.0004),
    INTELLIGENT_TIERING(0.023, 0, 0, 0.005, 0.0004),
    STANDARD_IA(0.0125, 0.01, 128 * 1024, 0.01, 0.001),
    GLACIER_IR(0.004, 0.03, 128 * 1024, 0.02, 0.01);

    static final double BYTES_PER_GB = 1L << 30;

    /** Per GB-month. */
    final double storage;
    /** Per GB read (a GET of the object's bytes). */
    final double retrievalPerGb;
    /** Every object is billed as at least this many bytes. */
    final long minBillableBytes;
    final double putPer1000;
    final double getPer1000;

    S3Storage(double storage, double retrievalPerGb, long minBillableBytes, double putPer1000, double getPer1000) {
        this.storage = storage;
        this.retrievalPerGb = retrievalPerGb;
        this.minBillableBytes = minBillableBytes;
        this.putPer1000 = putPer1000;
        this.getPer1000 = getPer1000;
    }

    /** The class a listing names (null, as S3Proxy and some S3 answers give, is Standard); unknown ones as Standard. */
    static S3Storage of(String storageClass) {
        if (storageClass == null || storageClass.isBlank()) return STANDARD;
        try {
            return valueOf(storageClass.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return STANDARD;
        }
    }

    /** Where an object of this size settles once older than the stack's lifecycle moves it (StoragePlan). */
    static S3Storage settled(long bytes) {
        return of(StoragePlan.settledClass(bytes));
    }

    long billableBytes(long bytes) {
        return Math.max(bytes, minBillableBytes);
    }

    static double gb(long bytes) {
        return bytes / BYTES_PER_GB;
    }

    /** Dollars for people: cents above a dollar, four decimals below, so a small sum does not read as $0.00. */
    static String usd(double amount) {
        return String.format(Locale.ROOT, amount >= 1 ? "$%.2f" : "$%.4f", amount);
    }
}
