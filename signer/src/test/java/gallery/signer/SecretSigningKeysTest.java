package gallery.signer;

import gallery.auth.PemKeys;
import gallery.core.Json;
import org.junit.jupiter.api.Test;

import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSigningKeysTest {
    @Test
    void readsIdAndKeyFromTheSecretJson() {
        RSAPrivateCrtKey key = PemKeys.generate();
        String secret = Json.write(Map.of("keyId", "K2JCJMDEHXQW5F", "privateKey", PemKeys.writePrivateKey(key)));
        var signingKey = SecretSigningKeys.parse(secret, "cf-key");
        assertThat(signingKey.keyId()).isEqualTo("K2JCJMDEHXQW5F");
        assertThat(signingKey.publicKey().getModulus()).isEqualTo(key.getModulus());
    }

    @Test
    void namesWhatTheSecretLacks() {
        assertThatThrownBy(() -> SecretSigningKeys.parse("{\"keyId\":\"K1\"}", "cf-key")).hasMessageContaining("privateKey");
        assertThatThrownBy(() -> SecretSigningKeys.parse("-----BEGIN PRIVATE KEY-----", "cf-key")).hasMessageContaining("not JSON");
    }
}
