package gallery.infra;

import gallery.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GallerySettingsTest {
    private static final String PEM = SynthesizedGallery.publicKeyPem(SynthesizedGallery.newKeyPair());

    @Test
    void defaultsNeedOnlyTheSigningKey() {
        GallerySettings s = GallerySettings.from(Map.<String, Object>of(GallerySettings.SIGNING_PUBLIC_KEY, PEM)::get);
        assertThat(s.noncurrentVersionDays()).isEqualTo(30);
        assertThat(s.reserveConcurrency()).isTrue();
        assertThat(s.nextSigningPublicKey()).isEmpty();
        assertThat(s.signingPublicKey()).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void aKeyCanBeGivenAsAFilePathBecauseCdkContextIsOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("current.pub.pem");
        Files.writeString(file, PEM);
        GallerySettings s = GallerySettings.from(Map.<String, Object>of(GallerySettings.SIGNING_PUBLIC_KEY, file.toString())::get);
        assertThat(s.signingPublicKey().strip()).isEqualTo(PEM.strip());
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        Map<String, Object> context = Map.of(
                GallerySettings.NEXT_SIGNING_PUBLIC_KEY, "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----",
                GallerySettings.NONCURRENT_VERSION_DAYS, "0",
                GallerySettings.RESERVE_CONCURRENCY, "maybe",
                GallerySettings.ALARM_EMAIL, "nobody");
        assertThatThrownBy(() -> GallerySettings.from(context::get))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("signingPublicKey is not set")
                .hasMessageContaining("nextSigningPublicKey is not a PEM public key")
                .hasMessageContaining("noncurrentVersionDays=0")
                .hasMessageContaining("reserveConcurrency=maybe")
                .hasMessageContaining("alarmEmail=nobody");
    }

    @Test
    void theNextKeyMustDifferFromTheCurrent() {
        assertThatThrownBy(() -> GallerySettings.from(Map.<String, Object>of(
                GallerySettings.SIGNING_PUBLIC_KEY, PEM, GallerySettings.NEXT_SIGNING_PUBLIC_KEY, PEM)::get))
                .hasMessageContaining("nextSigningPublicKey is the same key");
    }

    @Test
    void aMissingLambdaJarSaysHowToBuildIt(@TempDir Path dir) {
        assertThatThrownBy(() -> new LambdaJars(dir).code("ingest"))
                .hasMessageContaining("ingest-lambda.jar is missing")
                .hasMessageContaining("mvn package");
    }
}
