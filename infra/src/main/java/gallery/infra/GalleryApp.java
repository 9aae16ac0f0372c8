package gallery.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

import java.util.Map;

/** The CDK app: cdk.json runs it ({@code infra/cdk-app}). */
public final class GalleryApp {
    public static final String STACK_NAME = "Gallery";

    private GalleryApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /**
     * CDK feature flags, set here rather than in cdk.json so the tests build exactly what synth
     * builds. Each picks the newer, stricter behaviour.
     */
    static final Map<String, Object> FEATURE_FLAGS = Map.of(
            // Access logs delivered under a bucket policy, not the LogDeliveryWrite ACL (ACLs are off).
            "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true,
            // Secrets are not silently turned into plain strings.
            "@aws-cdk/core:checkSecretUsage", true,
            // Merge statements, so each role's policy stays small and readable.
            "@aws-cdk/aws-iam:minimizePolicies", true,
            // Partition literals instead of AWS::Partition where the region is known.
            "@aws-cdk/core:enablePartitionLiterals", true);

    /** The stack with its cdk-nag checks; tests call this with their own context. */
    public static GalleryStack build(App app) {
        FEATURE_FLAGS.forEach((flag, value) -> app.getNode().setContext(flag, value));
        GallerySettings settings = GallerySettings.from(key -> app.getNode().tryGetContext(key));
        GalleryStack stack = new GalleryStack(app, STACK_NAME, StackProps.builder()
                .description("Private family photo gallery: S3, SQS, Lambda, DynamoDB, Cognito, CloudFront")
                .build(), settings);
        NagRules.suppress(stack);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }
}
