package gallery.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeysTest {
    private static final String K1 = SynthesizedGallery.publicKeyPem(SynthesizedGallery.newKeyPair());
    private static final String K2 = SynthesizedGallery.publicKeyPem(SynthesizedGallery.newKeyPair());

    /** Step 3 of a rotation (docs/deploy.md) must not replace the key that was "next" and is now "current". */
    @Test
    void aKeyKeepsItsResourceWhenItMovesFromNextToCurrent() {
        Set<String> rotating = publicKeyIds(K1, Optional.of(K2));
        Set<String> rotated = publicKeyIds(K2, Optional.empty());
        assertThat(rotating).hasSize(2);
        assertThat(rotated).hasSize(1);
        assertThat(rotating).containsAll(rotated);
    }

    private static Set<String> publicKeyIds(String current, Optional<String> next) {
        Stack stack = new Stack(new App(), "Keys");
        new SigningKeys(stack, "SigningKeys", current, next);
        Map<String, Map<String, Object>> keys = Template.fromStack(stack).findResources("AWS::CloudFront::PublicKey");
        return keys.keySet();
    }
}
