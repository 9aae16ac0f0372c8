package gallery.admin;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.auth.PemKeys;
import gallery.core.Json;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.GetKeyGroupResponse;
import software.amazon.awssdk.services.cloudfront.model.KeyGroupConfig;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The keys in AWS: the CloudFront key group the distribution trusts (room for two public keys) and
 * the Secrets Manager secret {@code {"keyId", "privateKey"}} the signer reads, re-reading it every
 * 15 minutes ({@code gallery.signer.SecretSigningKeys}). A new public key is put in the key group
 * before the secret names it, so no cookie is ever signed with a key the edge does not trust.
 * The secret version's creation date is when the switch happened.
 *
 * <p>Not exercised by the tests (they have no CloudFront or Secrets Manager emulator); the rotation
 * logic it serves ({@link KeyRotation}) is the one tested against the local key folder.
 */
public final class AwsKeyGroup implements KeyGroup {
    /** The signer's cache of the secret (SecretSigningKeys.REFRESH). */
    static final Duration SIGNER_REFRESH = Duration.ofMinutes(15);

    private final CloudFrontClient cloudFront;
    private final SecretsManagerClient secrets;
    private final String keyGroupId;
    private final String secretArn;

    public AwsKeyGroup(CloudFrontClient cloudFront, SecretsManagerClient secrets, String keyGroupId, String secretArn) {
        this.cloudFront = cloudFront;
        this.secrets = secrets;
        this.keyGroupId = keyGroupId;
        this.secretArn = secretArn;
    }

    @Override
    public List<TrustedKey> keys() {
        List<TrustedKey> keys = new ArrayList<>();
        for (String id : keyGroup().keyGroup().keyGroupConfig().items()) {
            keys.add(new TrustedKey(id, cloudFront.getPublicKey(b -> b.id(id)).publicKey().createdTime()));
        }
        return keys;
    }

    @Override
    public String currentKeyId() {
        return secret().path("keyId").asText();
    }

    @Override
    public Instant currentSince() {
        return secrets.getSecretValue(b -> b.secretId(secretArn)).createdDate();
    }

    @Override
    public Duration signerRefresh() {
        return SIGNER_REFRESH;
    }

    @Override
    public TrustedKey addAndMakeCurrent() {
        RSAPrivateCrtKey privateKey = PemKeys.generate();
        String publicPem = PemKeys.writePublicKey(PemKeys.publicKeyOf(privateKey));
        var created = cloudFront.createPublicKey(b -> b.publicKeyConfig(c -> c.callerReference(UUID.randomUUID().toString())
                .name("gallery-" + LocalDate.now() + "-" + UUID.randomUUID().toString().substring(0, 8))
                .comment("gallery signed cookies, added by the admin tool's keys rotate")
                .encodedKey(publicPem))).publicKey();
        GetKeyGroupResponse group = keyGroup();
        KeyGroupConfig config = group.keyGroup().keyGroupConfig();
        List<String> items = new ArrayList<>(config.items());
        items.add(created.id());
        cloudFront.updateKeyGroup(b -> b.id(keyGroupId).ifMatch(group.eTag())
                .keyGroupConfig(config.toBuilder().items(items).build()));
        secrets.putSecretValue(b -> b.secretId(secretArn).secretString(Json.write(Map.of(
                "keyId", created.id(), "privateKey", PemKeys.writePrivateKey(privateKey)))));
        return new TrustedKey(created.id(), created.createdTime());
    }

    @Override
    public void retire(String keyId) {
        if (keyId.equals(currentKeyId())) throw new IllegalStateException("refusing to retire the current key " + keyId);
        GetKeyGroupResponse group = keyGroup();
        KeyGroupConfig config = group.keyGroup().keyGroupConfig();
        List<String> items = new ArrayList<>(config.items());
        items.remove(keyId);
        cloudFront.updateKeyGroup(b -> b.id(keyGroupId).ifMatch(group.eTag()).keyGroupConfig(config.toBuilder().items(items).build()));
        String eTag = cloudFront.getPublicKey(b -> b.id(keyId)).eTag();
        cloudFront.deletePublicKey(b -> b.id(keyId).ifMatch(eTag));
    }

    private GetKeyGroupResponse keyGroup() {
        return cloudFront.getKeyGroup(b -> b.id(keyGroupId));
    }

    private JsonNode secret() {
        GetSecretValueResponse v = secrets.getSecretValue(b -> b.secretId(secretArn));
        try {
            return Json.MAPPER.readTree(v.secretString());
        } catch (Exception e) {
            throw new IllegalStateException("secret " + secretArn + " is not JSON {\"keyId\", \"privateKey\"}", e);
        }
    }
}
