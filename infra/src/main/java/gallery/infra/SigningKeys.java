package gallery.infra;

import software.amazon.awscdk.services.cloudfront.IPublicKey;
import software.amazon.awscdk.services.cloudfront.KeyGroup;
import software.amazon.awscdk.services.cloudfront.PublicKey;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of the signed cookies. CloudFront trusts a key group with room for two public keys, so
 * a new key can be trusted before the signer switches to it and the old one dropped after the
 * last cookie signed with it has expired (docs/deploy.md, "Rotate the signing key"). The private
 * key lives in a Parameter Store SecureString (standard tier, the account's AWS-managed {@code aws/ssm}
 * key) that the admin tool writes; the template never holds it. A SecureString standard parameter is free
 * where a Secrets Manager secret is $0.40 a month (docs/deploy.md, "A terabyte for $6 a month"), and
 * CloudFormation cannot create one, so the stack only names it and grants the signer its reading.
 */
public final class SigningKeys extends Construct {
    /** The parameter's name under the stack's own path, e.g. {@code /Gallery/signing-key}. */
    private final String parameterName;
    private final String parameterArn;
    private final PublicKey current;
    private final Optional<PublicKey> next;
    private final KeyGroup keyGroup;

    public SigningKeys(Construct scope, String id, String currentPem, Optional<String> nextPem) {
        super(scope, id);
        // Until `admin keys rotate` (or docs/deploy.md's put-parameter) writes it, the signer fails at start-up
        // naming the missing parameter, rather than the stack ever carrying a private key.
        this.parameterName = "/" + Stack.of(this).getStackName() + "/signing-key";
        this.parameterArn = Stack.of(this).formatArn(ArnComponents.builder().service("ssm").resource("parameter")
                .resourceName(parameterName.substring(1)).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
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

    /** {@code SIGNING_KEY_PARAMETER}: the SecureString {@code {"keyId", "privateKey"}} the signer reads. */
    public String parameterName() {
        return parameterName;
    }

    public String parameterArn() {
        return parameterArn;
    }

    /**
     * GetParameter on this one parameter, and Decrypt with the AWS-managed key only as Parameter Store uses
     * it for this parameter: the key's id is not known before deploy, so the key is any of the account's,
     * narrowed by the service ({@code kms:ViaService}) and the parameter in the encryption context.
     * https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-policies.html
     */
    public void grantRead(IGrantable grantee) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ssm:GetParameter"))
                .resources(List.of(parameterArn))
                .build());
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder().service("kms").resource("key")
                        .resourceName("*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
                .conditions(Map.of("StringEquals", Map.of(
                        "kms:ViaService", "ssm." + Aws.REGION + ".amazonaws.com",
                        "kms:EncryptionContext:PARAMETER_ARN", parameterArn)))
                .build());
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
