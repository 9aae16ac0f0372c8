package gallery.admin;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.auth.ParameterStore;
import gallery.auth.PemKeys;
import gallery.core.Json;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.GetKeyGroupResponse;
import software.amazon.awssdk.services.cloudfront.model.KeyGroupConfig;

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
 * the Parameter Store SecureString {@code {"keyId", "privateKey"}} the signer reads, re-reading it every
 * 15 minutes ({@code gallery.signer.SecretSigningKeys}). A new public key is put in the key group
 * before the parameter names it, so no cookie is ever signed with a key the edge does not trust.
 * The parameter's last modification is when the switch happened. The stack does not create the
 * parameter (CloudFormation cannot make a SecureString): the first {@code keys rotate} does.
 *
 * <p>Not exercised by the tests (they have no CloudFront emulator); the rotation
 * logic it serves ({@link KeyRotation}) is the one tested against the local key folder.
 */
public final class AwsKeyGroup implements KeyGroup {
    /** The signer's cache of the key (SecretSigningKeys.REFRESH). */
    static final Duration SIGNER_REFRESH = Duration.ofMinutes(15);

    private final CloudFrontClient cloudFront;
    private final ParameterStore parameters;
    private final String keyGroupId;
    private final String parameter;

    public AwsKeyGroup(CloudFrontClient cloudFront, ParameterStore parameters, String keyGroupId, String parameter) {
        this.cloudFront = cloudFront;
        this.parameters = parameters;
        this.keyGroupId = keyGroupId;
        this.parameter = parameter;
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
        return parameters.get(parameter).lastModified();
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
        parameters.putSecure(parameter, Json.write(Map.of("keyId", created.id(), "privateKey", PemKeys.writePrivateKey(privateKey))),
                "CloudFront signing key of the gallery's signed cookies {keyId, privateKey}; only the signer reads it");
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
        String value = parameters.get(parameter).value();
        try {
            return Json.MAPPER.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException("parameter " + parameter + " is not JSON {\"keyId\", \"privateKey\"}", e);
        }
    }
}
