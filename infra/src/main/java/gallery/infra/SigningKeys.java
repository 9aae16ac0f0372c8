package gallery.infra;

import software.amazon.awscdk.services.cloudfront.IPublicKey;
import software.amazon.awscdk.services.cloudfront.KeyGroup;
import software.amazon.awscdk.services.cloudfront.PublicKey;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys of the signed cookies. CloudFront trusts a key group with room for two public keys, so
 * a new key can be trusted before the signer switches to it and the old one dropped after the
 * last cookie signed with it has expired (docs/deploy.md, "Rotate the signing key"). The private
 * key lives in a Secrets Manager secret the admin tool fills in; the template never holds it.
 */
public final class SigningKeys extends Construct {
    private final Secret privateKey;
    private final PublicKey current;
    private final Optional<PublicKey> next;
    private final KeyGroup keyGroup;

    public SigningKeys(Construct scope, String id, String currentPem, Optional<String> nextPem) {
        super(scope, id);
        // Created with a random placeholder value: the signer fails with a clear error until the
        // real PEM is put in, rather than the stack ever carrying a private key.
        this.privateKey = Secret.Builder.create(this, "PrivateKey")
                .description("CloudFront signing private key (PEM) for the gallery's signed cookies; only the signer reads it")
                .build();
        this.current = PublicKey.Builder.create(this, "Current")
                .encodedKey(currentPem)
                .comment("gallery signed cookies: the key the signer signs with")
                .build();
        this.next = nextPem.map(pem -> PublicKey.Builder.create(this, "Next")
                .encodedKey(pem)
                .comment("gallery signed cookies: the key being rotated in")
                .build());
        List<IPublicKey> items = new ArrayList<>();
        items.add(current);
        next.ifPresent(items::add);
        this.keyGroup = KeyGroup.Builder.create(this, "KeyGroup")
                .items(items)
                .comment("gallery signed cookies: current key and, while rotating, the next")
                .build();
    }

    public Secret privateKey() {
        return privateKey;
    }

    /** The {@code SIGNING_KEY_ID} the signer puts in its cookies. */
    public String currentKeyId() {
        return current.getPublicKeyId();
    }

    public Optional<String> nextKeyId() {
        return next.map(PublicKey::getPublicKeyId);
    }

    public KeyGroup keyGroup() {
        return keyGroup;
    }
}
