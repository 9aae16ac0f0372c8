package gallery.infra;

import gallery.core.ResizedKey;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import gallery.core.PhotoKey;
import gallery.core.RenditionKey;
import gallery.core.deploy.StoragePlan;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The buckets. None is public: CloudFront reads through Origin Access Control, the functions
 * through their roles. Every bucket blocks public access, encrypts at rest, disables ACLs
 * (bucket owner enforced), refuses plain HTTP, logs access to the logs bucket and is kept
 * when the stack is deleted: photos are the one thing here that cannot be rebuilt.
 */
public final class Storage extends Construct {
    /** An upload that never completed is billed until aborted. */
    static final Duration ABORT_INCOMPLETE_UPLOADS = Duration.days(7);
    static final Duration ACCESS_LOG_RETENTION = Duration.days(90);

    private final Bucket originals;
    private final Bucket derived;
    private final Bucket web;
    private final Bucket logs;

    public Storage(Construct scope, String id, Props props) {
        super(scope, id);
        this.logs = bucket("Logs", null, false, List.of(LifecycleRule.builder()
                .expiration(ACCESS_LOG_RETENTION)
                .abortIncompleteMultipartUploadAfter(ABORT_INCOMPLETE_UPLOADS)
                .build()));
        // Versioned: an overwrite or a delete by a backup tool stays recoverable for a while, then expires.
        this.originals = bucket("Originals", "originals/", true, List.of(LifecycleRule.builder()
                .noncurrentVersionExpiration(props.noncurrentVersionExpiration)
                // Once a deleted photo's old versions have expired, its delete marker goes too.
                .expiredObjectDeleteMarker(true)
                .abortIncompleteMultipartUploadAfter(ABORT_INCOMPLETE_UPLOADS)
                .build(), coldAfter(PhotoKey.PREFIX)));
        // Derived and web content can be rebuilt from the originals and web/dist: not versioned.
        this.derived = bucket("Derived", "derived/", false, List.of(LifecycleRule.builder()
                .abortIncompleteMultipartUploadAfter(ABORT_INCOMPLETE_UPLOADS).build(),
                // The on-demand resizer's stored results are a cache: rebuilt when asked for again.
                LifecycleRule.builder().id("ResizedResultsExpire")
                        .prefix(ResizedKey.PREFIX)
                        .expiration(Duration.days(ResizedKey.LIFETIME_DAYS))
                        .build(),
                coldAfter(RenditionKey.PREFIX)));
        this.web = bucket("Web", "web/", false, List.of(LifecycleRule.builder()
                .abortIncompleteMultipartUploadAfter(ABORT_INCOMPLETE_UPLOADS).build()));
    }

    /**
     * Lets pages of {@code siteUrl} PUT the parts of browser uploads to the originals bucket by presigned URL and
     * read each part's ETag. The rule names the distribution's address, and the distribution reads this bucket, so
     * the bucket's own {@code CorsConfiguration} would be a circular reference: a custom resource sets it once
     * both exist (S3 PutBucketCors, which only this bucket's ARN allows).
     */
    public AwsCustomResource allowBrowserUploads(String siteUrl) {
        Map<String, Object> rule = Map.of("AllowedOrigins", List.of(siteUrl), "AllowedMethods", List.of("PUT"),
                "AllowedHeaders", List.of("*"), "ExposeHeaders", List.of("ETag"), "MaxAgeSeconds", BROWSER_UPLOAD_CORS_MAX_AGE);
        AwsSdkCall put = AwsSdkCall.builder().service("S3").action("putBucketCors")
                .parameters(Map.of("Bucket", originals.getBucketName(), "CORSConfiguration", Map.of("CORSRules", List.of(rule))))
                .physicalResourceId(PhysicalResourceId.of("originals-browser-uploads-cors"))
                .build();
        return AwsCustomResource.Builder.create(this, "BrowserUploadsCors")
                .onCreate(put).onUpdate(put)
                .onDelete(AwsSdkCall.builder().service("S3").action("deleteBucketCors")
                        .parameters(Map.of("Bucket", originals.getBucketName())).build())
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:PutBucketCORS")).resources(List.of(originals.getBucketArn())).build())))
                .installLatestAwsSdk(false)
                .build();
    }

    /** How long a browser keeps the preflight's answer: one OPTIONS per upload session rather than per part. */
    static final int BROWSER_UPLOAD_CORS_MAX_AGE = 3000;

    /**
     * Objects under the prefix move to the cold class once the family has stopped looking at them
     * daily; objects too small to gain stay where they are (StoragePlan says why).
     */
    static LifecycleRule coldAfter(String prefix) {
        return LifecycleRule.builder()
                .id("cold-" + prefix.replace("/", ""))
                .prefix(prefix)
                .objectSizeGreaterThan(StoragePlan.MIN_COLD_OBJECT_BYTES - 1)
                .transitions(List.of(Transition.builder()
                        .storageClass(StorageClass.GLACIER_INSTANT_RETRIEVAL)
                        .transitionAfter(Duration.days(StoragePlan.COLD_AFTER_DAYS))
                        .build()))
                .build();
    }

    private Bucket bucket(String id, String logPrefix, boolean versioned, List<LifecycleRule> rules) {
        Bucket.Builder b = Bucket.Builder.create(this, id)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .versioned(versioned)
                .lifecycleRules(new ArrayList<>(rules))
                .removalPolicy(RemovalPolicy.RETAIN);
        if (logPrefix != null) b.serverAccessLogsBucket(logs).serverAccessLogsPrefix(logPrefix);
        return b.build();
    }

    public Bucket originals() {
        return originals;
    }

    public Bucket derived() {
        return derived;
    }

    public Bucket web() {
        return web;
    }

    public Bucket logs() {
        return logs;
    }

    public static Builder builder() {
        return new Builder();
    }

    public record Props(Duration noncurrentVersionExpiration) {
        public Props {
            Objects.requireNonNull(noncurrentVersionExpiration, "noncurrentVersionExpiration");
        }
    }

    public static final class Builder {
        private Duration noncurrentVersionExpiration = Duration.days(30);

        /** How long a replaced or deleted original stays recoverable. */
        public Builder noncurrentVersionExpiration(Duration d) { this.noncurrentVersionExpiration = d; return this; }

        public Storage build(Construct scope, String id) {
            return new Storage(scope, id, new Props(noncurrentVersionExpiration));
        }
    }
}
