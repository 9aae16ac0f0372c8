package gallery.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

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

    /** The stack with its cdk-nag checks; tests call this with their own context. */
    public static GalleryStack build(App app) {
        GallerySettings settings = GallerySettings.from(key -> app.getNode().tryGetContext(key));
        GalleryStack stack = new GalleryStack(app, STACK_NAME, StackProps.builder()
                .description("Private family photo gallery: S3, SQS, Lambda, DynamoDB, Cognito, CloudFront")
                .build(), settings);
        NagRules.suppress(stack);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }
}
