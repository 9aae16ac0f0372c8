package gallery.signer;

import gallery.core.config.ConfigException;
import gallery.core.config.Env;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignerConfigTest {
    static final Map<String, String> BASE = Map.of(
            "COGNITO_ISSUER", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC",
            "COGNITO_JWKS_URL", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json",
            "COGNITO_CLIENT_ID", "abc",
            "SITE_URL", "https://Photos.Example.org/",
            "SIGNING_KEY_PARAMETER", "/gallery/signing-key");

    @Test
    void readsDefaultsAndNormalisesTheSite() {
        SignerConfig c = SignerConfig.fromEnv(new Env(BASE));
        assertThat(c.siteUrl()).isEqualTo("https://photos.example.org");
        assertThat(c.cookieLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.keyParameter()).isPresent();
    }

    @Test
    void namesEveryMissingVariable() {
        assertThatThrownBy(() -> SignerConfig.fromEnv(new Env(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COGNITO_ISSUER").hasMessageContaining("COGNITO_JWKS_URL")
                .hasMessageContaining("COGNITO_CLIENT_ID").hasMessageContaining("SITE_URL")
                .hasMessageContaining("SIGNING_KEY_PARAMETER");
    }

    @Test
    void refusesASiteWithAPathAndALifetimeOutOfRange() {
        var vars = new java.util.HashMap<>(BASE);
        vars.put("SITE_URL", "https://photos.example.org/gallery");
        vars.put("COOKIE_LIFETIME", "2d");
        assertThatThrownBy(() -> SignerConfig.fromEnv(new Env(vars)))
                .hasMessageContaining("SITE_URL").hasMessageContaining("COOKIE_LIFETIME");
    }

    @Test
    void aKeyFileNeedsItsId() {
        var vars = new java.util.HashMap<>(BASE);
        vars.remove("SIGNING_KEY_PARAMETER");
        vars.put("SIGNING_KEY_FILE", "/tmp/k.pem");
        assertThatThrownBy(() -> SignerConfig.fromEnv(new Env(vars))).hasMessageContaining("SIGNING_KEY_ID");
    }
}
