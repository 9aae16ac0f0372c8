package gallery.signer;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.auth.PemKeys;
import gallery.auth.SigningKey;
import gallery.auth.SigningKeys;
import gallery.core.Json;
import gallery.auth.ParameterStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The CloudFront private key from a Parameter Store SecureString (a Secrets Manager secret would cost $0.40
 * a month; docs/deploy.md, "A terabyte for $6 a month"), as {@code {"keyId": "K2JCJMDEHXQW5F", "privateKey": "-----BEGIN PRIVATE KEY-----..."}}:
 * id and key in one parameter, so a rotation changes both at once. Kept in the instance (so across warm
 * invocations) and re-read every {@link #REFRESH}, so a rotated key is picked up without a deploy.
 */
public final class SecretSigningKeys implements SigningKeys {
    static final Duration REFRESH = Duration.ofMinutes(15);
    private final ParameterStore parameters;
    private final String parameterName;
    private final Clock clock;
    private SigningKey key;
    private Instant readAt;

    public SecretSigningKeys(ParameterStore parameters, String parameterName, Clock clock) {
        this.parameters = parameters;
        this.parameterName = parameterName;
        this.clock = clock;
    }

    @Override
    public synchronized SigningKey current() {
        Instant now = clock.instant();
        if (key == null || now.isAfter(readAt.plus(REFRESH))) {
            try {
                key = parse(parameters.get(parameterName).value(), parameterName);
                readAt = now;
            } catch (RuntimeException e) {
                if (key == null) throw e;
                // Keep signing with the key we have; a Parameter Store hiccup must not stop logins.
                readAt = now.minus(REFRESH).plus(Duration.ofMinutes(1));
            }
        }
        return key;
    }

    static SigningKey parse(String secret, String name) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(secret == null ? "" : secret);
        } catch (Exception e) {
            throw new IllegalStateException("secret " + name + " is not JSON: expected {\"keyId\": ..., \"privateKey\": \"-----BEGIN PRIVATE KEY-----...\"}");
        }
        String keyId = node == null ? null : node.path("keyId").asText(null);
        String pem = node == null ? null : node.path("privateKey").asText(null);
        if (keyId == null || pem == null) {
            throw new IllegalStateException("secret " + name + " lacks " + (keyId == null ? "keyId" : "privateKey")
                    + ": expected {\"keyId\": ..., \"privateKey\": \"-----BEGIN PRIVATE KEY-----...\"}");
        }
        try {
            return SigningKey.of(keyId, PemKeys.readPrivateKey(pem));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("secret " + name + ": " + e.getMessage(), e);
        }
    }
}
