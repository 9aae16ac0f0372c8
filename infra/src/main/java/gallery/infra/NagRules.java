package gallery.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Stack;

import java.util.List;

/** The cdk-nag AwsSolutions findings this design accepts, each with its reason. */
final class NagRules {
    private NagRules() {
    }

    static void suppress(GalleryStack stack) {
        // filled in from the findings of a synth
    }

    static NagPackSuppression because(String rule, String reason) {
        return NagPackSuppression.builder().id(rule).reason(reason).build();
    }

    static NagPackSuppression because(String rule, String reason, List<String> appliesTo) {
        return NagPackSuppression.builder().id(rule).reason(reason).appliesTo(List.copyOf(appliesTo)).build();
    }
}
