package gallery.admin;

import gallery.core.PhotoFiles;
import gallery.core.PhotoKey;
import gallery.core.RenditionKey;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.StandingCharges;
import gallery.core.deploy.StoragePlan;
import gallery.core.deploy.FunctionMemory;
import gallery.index.AlbumSummary;
import gallery.index.PhotoIndex;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.s3.model.EncodingType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A month's bill, estimated from what is stored (bucket listings), what the index counts, and
 * per-photo figures, printing every multiplication so anyone can check or redo it. Prices are AWS
 * list prices for us-east-1 (pages: aws.amazon.com/s3/pricing, /lambda/pricing, /sqs/pricing,
 * /dynamodb/pricing/on-demand, /cloudfront/pricing), before free tiers, as of 2025.
 */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = {"Estimate this month's AWS bill from the stored bytes, the index counts and per-photo figures, showing the arithmetic."})
public final class CostCommand implements Callable<Integer> {
    // S3 requests (Standard; storage by class is priced in S3Storage).
    static final double S3_PUT_PER_1000 = S3Storage.STANDARD.putPer1000;
    static final double S3_GET_PER_1000 = S3Storage.STANDARD.getPer1000;
    // Lambda on arm64 (the functions and the libvips layer are arm64).
    static final double LAMBDA_GB_SECOND = 0.0000133334;
    static final double LAMBDA_PER_MILLION = 0.20;
    static final double SQS_PER_MILLION = 0.40;
    // DynamoDB on demand, Standard-IA table class (the stack's; requests 25% dearer than Standard's $0.625 and
    // $0.125, storage $0.10 instead of $0.25 a GB; continuous backups $0.20 a GB).
    static final double DDB_WRITE_PER_MILLION = 0.78125;
    static final double DDB_READ_PER_MILLION = 0.15625;
    static final double DDB_GB_MONTH = StandingCharges.INDEX_GB_MONTH + StandingCharges.INDEX_BACKUP_GB_MONTH;
    // CloudFront, North America/Europe, first 10 TB; the always-free tier (1 TB, 10 M requests) is not subtracted.
    static final double CLOUDFRONT_GB = 0.085;
    static final double CLOUDFRONT_PER_10000_HTTPS = 0.01;

    // Per photo, from the pipeline's code paths: ingest (ranged GET; row write), worker (GET original,
    // one PUT per rendition; transaction of row + album entry + dated entry + summary = 2 WRU each, plus the summary refresh).
    static final double WRITE_UNITS_PER_PHOTO = 11;
    static final double READ_UNITS_PER_PHOTO = 6;
    static final double SQS_REQUESTS_PER_PHOTO = 6; // send, receive, delete on two queues
    static final double INGEST_SECONDS = 0.3;
    static final int INGEST_MEMORY_MB = FunctionMemory.INGEST_MB;
    /** The index's bytes per photo: its row and its album entry, about 1 KB each. */
    static final long INDEX_BYTES_PER_PHOTO = 2048;

    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Option(names = "--new-photos", paramLabel = "N", description = "Photos uploaded this month (default: originals modified in the last 30 days).")
    Long newPhotos;

    @Option(names = "--views", defaultValue = "5000", paramLabel = "N", description = "Rendition views a month that reach CloudFront (default: ${DEFAULT-VALUE}).")
    long views;

    @Option(names = "--render-seconds", defaultValue = "2.0", paramLabel = "S",
            description = "Worker seconds per photo (default: ${DEFAULT-VALUE}, an assumption for a 12 MP JPEG at --render-memory; bench/ measures it).")
    double renderSeconds;

    @Option(names = "--render-memory", defaultValue = "" + FunctionMemory.RENDER_MB, paramLabel = "MB",
            description = "Worker memory (default: ${DEFAULT-VALUE}, as deployed).")
    int renderMemory;

    @Option(names = "--video-minutes", paramLabel = "N",
            description = "Minutes of video uploaded this month (default: new video originals' size at 60 MB a minute, a phone's 1080p HEVC).")
    Double videoMinutes;

    @Option(names = "--transcode-seconds", defaultValue = "" + TRANSCODE_SECONDS_PER_MINUTE, paramLabel = "S",
            description = "Video worker seconds per minute of 1080p video (default: ${DEFAULT-VALUE}, bench/results/video.md: the whole lane on 2 busy cores; "
                    + "the video worker has 2 vCPUs).")
    double transcodeSeconds;

    /** The video lane's cost per minute of 1080p HEVC: measured by VideoBench (bench/results/video.md). */
    static final double TRANSCODE_SECONDS_PER_MINUTE = 355;
    /** The video worker's memory (2 vCPUs), as infra's FunctionSizing.VIDEO_MEMORY_MB. */
    static final int VIDEO_MEMORY_MB = 3538;
    /** A phone's 1080p HEVC at about 8 Mbit/s with sound. */
    static final double VIDEO_MB_PER_MINUTE = 60;

    @Override
    public Integer call() {
        if (transcodeSeconds <= 0 || (videoMinutes != null && videoMinutes < 0)) throw new ConfigProblem("--transcode-seconds > 0 and --video-minutes >= 0 expected");
        if (views < 0 || renderSeconds <= 0 || renderMemory < 128) throw new ConfigProblem("--views >= 0, --render-seconds > 0 and --render-memory >= 128 expected");
        PrintWriter out = spec.commandLine().getOut();
        Deployment d = target.deployment();
        try (Clients clients = new Clients(d)) {
            List<Original> originals = Original.list(clients.s3(), d.originalsBucket(), PhotoKey.PREFIX, o -> true);
            long originalBytes = originals.stream().mapToLong(Original::size).sum();
            StoredBytes stored = new StoredBytes();
            originals.forEach(o -> stored.add(o.storageClass(), o.size()));
            StoredBytes derived = new StoredBytes();
            for (var o : clients.s3().listObjectsV2Paginator(b -> b.bucket(d.derivedBucket()).prefix(RenditionKey.PREFIX)
                    .encodingType(EncodingType.URL)).contents()) {
                derived.add(o.storageClassAsString(), o.size());
            }
            long derivedBytes = derived.bytes(), renditions = derived.count();
            PhotoIndex index = new PhotoIndex(clients.dynamo(), d.photoTable());
            long ready = index.queries().albums().stream().mapToLong(AlbumSummary::count).sum();
            Instant monthAgo = Instant.now().minus(Duration.ofDays(30));
            long added = newPhotos != null ? newPhotos : originals.stream().filter(o -> o.lastModified().isAfter(monthAgo)).count();
            double perPhotoRendition = renditions == 0 ? 0 : (double) derivedBytes / renditions;

            out.printf(Locale.ROOT, "inputs: %d originals (%s), %d renditions (%s), %d ready photos, %d new this month, %d views%n%n",
                    originals.size(), Sizes.human(originalBytes), renditions, Sizes.human(derivedBytes), ready, added, views);
            double total = 0;
            total += storage(out, "originals", stored.now());
            total += storage(out, "renditions", derived.now());
            double renditionsPerPhoto = ready == 0 ? gallery.core.preset.Presets.DEFAULT.sizes().size() : (double) renditions / ready;
            total += line(out, "S3 PUTs (upload + renditions)", added * (1 + renditionsPerPhoto) / 1000, "thousand", S3_PUT_PER_1000);
            total += line(out, "S3 GETs (ingest, render, edge misses)", (added * 2 + views) / 1000.0, "thousand", S3_GET_PER_1000);
            double gbSeconds = added * (renderSeconds * renderMemory / 1024.0 + INGEST_SECONDS * INGEST_MEMORY_MB / 1024.0);
            out.printf(Locale.ROOT, "  (Lambda: %d photos x (%.1f s x %.2f GB + %.1f s x %.2f GB) = %.1f GB-s)%n",
                    added, renderSeconds, renderMemory / 1024.0, INGEST_SECONDS, INGEST_MEMORY_MB / 1024.0, gbSeconds);
            total += line(out, "Lambda compute", gbSeconds, "GB-s", LAMBDA_GB_SECOND);
            double minutes = videoMinutes != null ? videoMinutes : originals.stream()
                    .filter(o -> o.lastModified().isAfter(monthAgo) && PhotoFiles.isVideo(o.key().fileName()))
                    .mapToLong(Original::size).sum() / (VIDEO_MB_PER_MINUTE * 1024 * 1024);
            double transcodeGbSeconds = minutes * transcodeSeconds * VIDEO_MEMORY_MB / 1024.0;
            out.printf(Locale.ROOT, "  (transcode: %.1f video minutes x %.0f s x %.2f GB = %.1f GB-s)%n",
                    minutes, transcodeSeconds, VIDEO_MEMORY_MB / 1024.0, transcodeGbSeconds);
            total += line(out, "Lambda transcode (video lane)", transcodeGbSeconds, "GB-s", LAMBDA_GB_SECOND);
            total += line(out, "Lambda requests", added * 2 / 1e6, "million", LAMBDA_PER_MILLION);
            total += line(out, "SQS requests", added * SQS_REQUESTS_PER_PHOTO / 1e6, "million", SQS_PER_MILLION);
            total += line(out, "DynamoDB writes", added * WRITE_UNITS_PER_PHOTO / 1e6, "million WRU", DDB_WRITE_PER_MILLION);
            total += line(out, "DynamoDB reads (ingest, render, API)", (added * READ_UNITS_PER_PHOTO + views) / 1e6, "million RRU", DDB_READ_PER_MILLION);
            // Each row is about 1 KB, stored twice (photo item and album entry); with its continuous backups.
            total += line(out, "DynamoDB storage and backups", gb(originals.size() * INDEX_BYTES_PER_PHOTO), "GB-month", DDB_GB_MONTH);
            total += line(out, "CloudFront transfer", gb((long) (views * perPhotoRendition)), "GB", CLOUDFRONT_GB);
            total += line(out, "CloudFront requests", views / 10000.0, "x10,000", CLOUDFRONT_PER_10000_HTTPS);
            if (StandingCharges.SECRETS > 0) total += line(out, "Secrets Manager", StandingCharges.SECRETS, "secret", StandingCharges.SECRET_MONTH);
            total += line(out, "Parameter Store (signing key)", 1, "parameter", 0);
            total += line(out, "CloudWatch alarms", StandingCharges.ALARM_METRICS, "alarm metric", StandingCharges.ALARM_MONTH);
            out.printf(Locale.ROOT, "%nestimated month: $%.2f (list prices, us-east-1, before free tiers)%n", total);
            perTerabyte(out, stored, derived, originals.size());
            out.flush();
            return 0;
        }
    }

    /** One line per storage class the objects are in, billed as AWS does (minimum object sizes included). */
    private static double storage(PrintWriter out, String what, Map<S3Storage, long[]> byClass) {
        if (byClass.isEmpty()) return line(out, "S3 storage, " + what, 0, "GB-month", S3Storage.STANDARD.storage);
        double cost = 0;
        for (var e : byClass.entrySet()) {
            cost += line(out, "S3 storage, " + what + ", " + e.getKey(), S3Storage.gb(e.getValue()[2]), "GB-month", e.getKey().storage);
        }
        return cost;
    }

    /**
     * The idle month scaled to a terabyte of originals, with the renditions and index rows this
     * library has per byte of original, every object settled where the lifecycle leaves it.
     */
    static void perTerabyte(PrintWriter out, StoredBytes originals, StoredBytes derived, long rows) {
        out.printf(Locale.ROOT, "%nidle, per TB of originals a month, once the lifecycle has moved everything older than %d days:%n",
                StoragePlan.COLD_AFTER_DAYS);
        if (originals.bytes() == 0) {
            out.println("  (no originals yet: upload some photos to measure the renditions per GB)");
            return;
        }
        double scale = S3Storage.BYTES_PER_GB * 1024 / originals.bytes();
        double o = StoredBytes.monthly(originals.settled()) * scale;
        double r = StoredBytes.monthly(derived.settled()) * scale;
        double index = StandingCharges.index(S3Storage.gb(rows * INDEX_BYTES_PER_PHOTO) * scale);
        double fixed = StandingCharges.monthly();
        out.printf(Locale.ROOT, "  originals  1024 GB (%s from %d KB)                   $%.2f%n",
                StoragePlan.COLD_CLASS, StoragePlan.MIN_COLD_OBJECT_BYTES / 1024, o);
        out.printf(Locale.ROOT, "  (renditions: written to %s from %d KB, moved there from %d KB, smaller ones in STANDARD;%n"
                        + "   ones written before the %d KB rule stay in STANDARD until a reprocess rewrites them)%n",
                StoragePlan.COLD_CLASS, StoragePlan.DIRECT_COLD_MIN_BYTES / 1000, StoragePlan.MIN_COLD_OBJECT_BYTES / 1024,
                StoragePlan.DIRECT_COLD_MIN_BYTES / 1000);
        out.printf(Locale.ROOT, "  renditions %4.0f GB (%.2f GB per GB of originals here)   $%.2f%n",
                derived.bytes() * scale / S3Storage.BYTES_PER_GB, (double) derived.bytes() / originals.bytes(), r);
        out.printf(Locale.ROOT, "  index      %.0f rows (Standard-IA, with backups)      $%.2f%n", rows * scale, index);
        out.printf(Locale.ROOT, "  %d alarm metrics (the signing key's parameter is free) $%.2f%n", StandingCharges.ALARM_METRICS, fixed);
        out.printf(Locale.ROOT, "  total                                            $%.2f a month%n", o + r + index + fixed);
    }

    private static double line(PrintWriter out, String what, double quantity, String unit, double price) {
        double cost = quantity * price;
        out.printf(Locale.ROOT, "  %-38s %12.4f %-12s x $%-12s = $%.4f%n", what, quantity, unit, trim(price), cost);
        return cost;
    }

    private static String trim(double price) {
        return String.format(Locale.ROOT, "%.10f", price).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** AWS bills a GB as 2^30 bytes. */
    private static double gb(long bytes) {
        return S3Storage.gb(bytes);
    }
}
