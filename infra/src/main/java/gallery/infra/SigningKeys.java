package gallery.infra;

import software.amazon.awscdk.services.cloudfront.IPublicKey;
import software.amazon.awscdk.services.cloudfront.KeyGroup;
import software.amazon.awscdk.services.cloudfront.PublicKey;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
        this.current = publicKey(currentPem);
        this.next = nextPem.map(this::publicKey);
        List<IPublicKey> items = new ArrayList<>();
        items.add(current);
        next.ifPresent(items::add);
        this.keyGroup = KeyGroup.Builder.create(this, "KeyGroup")
                .items(items)
                .comment("gallery signed cookies: current key and, while rotating, the next")
                .build();
    }

    /**
     * One CloudFront public key, named by its fingerprint: when the next key becomes the current
     * one, its resource (and so the key id in the secret and in every live cookie) stays the same.
     */
    private PublicKey publicKey(String pem) {
        String fingerprint = fingerprint(pem);
        return PublicKey.Builder.create(this, "Key" + fingerprint)
                .encodedKey(pem)
                .comment("gallery signed cookies, key " + fingerprint)
                .build();
    }

    static String fingerprint(String pem) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pem.strip().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
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
