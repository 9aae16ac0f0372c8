package gallery.index;

import gallery.core.config.Env;
import gallery.core.edge.EdgeInvalidation;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link EdgeInvalidation} for the CloudFront distribution: one CreateInvalidation per cleanup, with
 * exact paths (each with its {@code ?v=}, the cache key; see
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/invalidation-specifying-objects.html).
 * A failure is thrown, so the caller's cleanup is retried: the index forgets doomed objects only after
 * their copies are invalidated.
 */
public final class CloudFrontInvalidation implements EdgeInvalidation {
    /** CloudFront takes up to 3,000 file paths in progress per distribution. */
    static final int MAX_PATHS = 3000;

    private final CloudFrontClient cloudFront;
    private final String distributionId;

    public CloudFrontInvalidation(CloudFrontClient cloudFront, String distributionId) {
        this.cloudFront = Objects.requireNonNull(cloudFront, "cloudFront");
        this.distributionId = Objects.requireNonNull(distributionId, "distributionId");
    }

    /**
     * The Lambda functions' edge: {@code DISTRIBUTION_ID} names the distribution (set by the stack);
     * without it (the local stack passes its own edge) nothing is invalidated.
     */
    public static EdgeInvalidation fromEnv(Env env) {
        String id = env.string("DISTRIBUTION_ID", "");
        env.validate();
        return id.isBlank() ? EdgeInvalidation.NONE : new CloudFrontInvalidation(CloudFrontClient.create(), id);
    }

    @Override
    public void invalidate(List<String> paths) {
        for (int i = 0; i < paths.size(); i += MAX_PATHS) {
            List<String> chunk = paths.subList(i, Math.min(paths.size(), i + MAX_PATHS));
            cloudFront.createInvalidation(b -> b.distributionId(distributionId).invalidationBatch(batch -> batch
                    .callerReference(UUID.randomUUID().toString())
                    .paths(p -> p.quantity(chunk.size()).items(chunk))));
        }
    }
}
