package gallery.admin;

import gallery.auth.CookieSigner;
import gallery.auth.KeyFolder;
import gallery.local.edge.SignedCookieVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotation of the local key folder, with cookies checked as the local edge checks them. */
class KeysTest {
    static final String SITE = "http://127.0.0.1:8400";
    static final String URL = SITE + "/renditions/all/640/photos/Summer/a.jpg.webp?v=abc";

    @TempDir
    Path data;

    @Test
    void rotatingKeepsEarlierCookiesValidAndRetiresTheOldKeyOnlyAfterTheyExpired() {
        KeyFolder folder = KeyFolder.open(data.resolve("keys"));
        String first = folder.current().keyId();
        CookieSigner signer = new CookieSigner(folder, SITE);
        SignedCookieVerifier edge = new SignedCookieVerifier(folder::trustedKeys, Clock.systemUTC());
        Map<String, String> before = renditionCookies(signer.issue(Instant.now().plus(Duration.ofHours(1))));

        LocalGallery.Run rotate = LocalGallery.Main0.run("keys", "rotate", "--local", data.toString());
        System.out.println(rotate);
        assertThat(rotate.exit()).isZero();
        String second = folder.current().keyId();
        assertThat(second).isNotEqualTo(first);
        assertThat(rotate.out()).contains("added " + second).contains("kept " + first + " trusted until");
        assertThat(edge.verify(URL, "127.0.0.1", before).allowed()).as("cookie signed before the rotation").isTrue();
        Map<String, String> after = renditionCookies(signer.issue(Instant.now().plus(Duration.ofHours(1))));
        assertThat(after.get(CookieSigner.KEY_PAIR_ID)).isEqualTo(second);
        assertThat(edge.verify(URL, "127.0.0.1", after).allowed()).isTrue();

        LocalGallery.Run tooSoon = LocalGallery.Main0.run("keys", "rotate", "--local", data.toString());
        System.out.println(tooSoon);
        assertThat(tooSoon.exit()).isEqualTo(1);
        assertThat(tooSoon.out()).contains("refused: the key group holds two keys and " + first);
        assertThat(folder.trustedKeys()).containsOnlyKeys(first, second);

        LocalGallery.Run status = LocalGallery.Main0.run("keys", "status", "--local", data.toString());
        System.out.println(status);
        assertThat(status.out()).containsPattern(second + "\\s+added .+current").containsPattern(first + "\\s+added .+previous, trusted until");

        // Thirteen hours later (cookie lifetime 12h), every cookie the first key signed has expired.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(13));
        KeyRotation rotation = new KeyRotation(new LocalKeyGroup(data.resolve("keys")), Duration.ofHours(12), later);
        var outcome = (KeyRotation.Rotated) rotation.rotate();
        assertThat(outcome.retired()).containsExactly(first);
        assertThat(outcome.previous()).isEqualTo(second);
        assertThat(folder.trustedKeys()).containsOnlyKeys(second, outcome.newKeyId());
        assertThat(edge.verify(URL, "127.0.0.1", after).allowed()).as("cookie signed with the previous key").isTrue();
        assertThat(edge.verify(URL, "127.0.0.1", before).reason()).contains(first);
    }

    @Test
    void aDataFolderWithoutKeysIsAConfigurationError() {
        LocalGallery.Run r = LocalGallery.Main0.run("keys", "status", "--local", data.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no signing keys in");
    }

    @Test
    void theAwsPathNeedsTheKeyGroupAndParameter() {
        LocalGallery.Run r = LocalGallery.Main0.run("keys", "rotate", "--deployment", data.resolve("prod.json").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--key-group-id and --parameter");
    }

    /** The trio a browser sends to /renditions/ (name=value from each Set-Cookie with that Path). */
    static Map<String, String> renditionCookies(List<String> setCookies) {
        Map<String, String> m = new HashMap<>();
        for (String c : setCookies) {
            if (!c.contains("Path=/renditions/all/")) continue;
            String pair = c.substring(0, c.indexOf(';'));
            m.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return m;
    }
}
