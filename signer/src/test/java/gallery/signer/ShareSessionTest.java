package gallery.signer;

import gallery.auth.Caller;
import gallery.auth.CookieSigner;
import gallery.auth.KeyFolder;
import gallery.core.edge.AccessLabels;
import gallery.index.ShareLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /session} with {@code Authorization: Share <id>}: a link's cookies, or a clear refusal. */
class ShareSessionTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String OPEN = "AAAAAAAAAAAAAAAAAAAAAA";
    static final String DOWNLOADS = "BBBBBBBBBBBBBBBBBBBBBB";
    static final String EXPIRED = "CCCCCCCCCCCCCCCCCCCCCC";
    static final String REVOKED = "DDDDDDDDDDDDDDDDDDDDDD";

    @TempDir
    Path dir;

    SessionService service() throws Exception {
        Map<String, ShareLink> links = Map.of(
                OPEN, new ShareLink(OPEN, "Summer", "m", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(7)), false, null),
                DOWNLOADS, new ShareLink(DOWNLOADS, "Summer", "m", NOW.minusSeconds(60), NOW.plusSeconds(120), true, null),
                EXPIRED, new ShareLink(EXPIRED, "Summer", "m", NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(1)), false, null),
                REVOKED, new ShareLink(REVOKED, "Summer", "m", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(7)), false, NOW.minusSeconds(1)));
        SessionAccess access = new SessionAccess() {
            @Override public Set<String> labelsFor(Caller caller) { return Set.of(AccessLabels.EVERYONE); }
            @Override public Set<String> allLabels() { return Set.of(AccessLabels.EVERYONE); }
            @Override public Optional<ShareLink> link(String id) { return Optional.ofNullable(links.get(id)); }
        };
        KeyFolder keys = KeyFolder.open(dir.resolve("keys"));
        return new SessionService(null, new CookieSigner(keys, "https://photos.example.org"), Duration.ofMinutes(10),
                Clock.fixed(NOW, ZoneOffset.UTC), access);
    }

    @Test
    void anOpenLinkGetsItsAlbumsRenditionsAndResizesOnlyForOneCookieLifetime() throws Exception {
        SessionService.Reply r = service().open("Share " + OPEN);
        assertThat(r.status()).isEqualTo(204);
        String label = AccessLabels.forShare("Summer");
        assertThat(r.cookies()).hasSize(6).allSatisfy(c -> assertThat(c).containsAnyOf("Path=/renditions/" + label + "/", "Path=/resize/" + label + "/"));
        assertThat(r.headers().get("X-Session-Expires-At")).isEqualTo(NOW.plus(Duration.ofMinutes(10)).toString());
    }

    @Test
    void aLinkWithDownloadsAlsoOpensTheOriginalsAndNeverOutlivesTheLink() throws Exception {
        SessionService.Reply r = service().open("share " + DOWNLOADS);
        assertThat(r.cookies()).hasSize(9).anySatisfy(c -> assertThat(c).contains("Path=/photos/" + AccessLabels.forShare("Summer") + "/"));
        assertThat(r.headers().get("X-Session-Expires-At")).isEqualTo(NOW.plusSeconds(120).toString());
    }

    @Test
    void expiredRevokedAndUnknownLinksAreRefusedSayingWhyWithNoCookie() throws Exception {
        SessionService s = service();
        SessionService.Reply expired = s.open("Share " + EXPIRED);
        SessionService.Reply revoked = s.open("Share " + REVOKED);
        SessionService.Reply unknown = s.open("Share EEEEEEEEEEEEEEEEEEEEEE");
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body()).contains("expired");
        assertThat(revoked.status()).isEqualTo(410);
        assertThat(revoked.body()).contains("revoked");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(expired.cookies()).isEmpty();
        assertThat(revoked.cookies()).isEmpty();
        assertThat(unknown.cookies()).isEmpty();
    }
}
