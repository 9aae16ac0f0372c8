package gallery.local.edge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTest {
    private static final OriginResponse TEN = new OriginResponse(200, Map.of("content-type", List.of("video/mp4")),
            "0123456789".getBytes(StandardCharsets.US_ASCII));

    private static OriginResponse get(String range) {
        return ByteRange.apply(Optional.ofNullable(range), TEN);
    }

    @Test
    void aSingleRangeIs206WithContentRange() {
        OriginResponse r = get("bytes=2-4");
        assertThat(r.status()).isEqualTo(206);
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("234");
        assertThat(r.header("content-range")).hasValue("bytes 2-4/10");
        assertThat(r.header("content-type")).hasValue("video/mp4");
        assertThat(r.header("accept-ranges")).hasValue("bytes");
    }

    @Test
    void openAndSuffixRangesAndALastBytePastTheEnd() {
        assertThat(get("bytes=7-").header("content-range")).hasValue("bytes 7-9/10");
        assertThat(new String(get("bytes=-3").body(), StandardCharsets.US_ASCII)).isEqualTo("789");
        assertThat(get("bytes=-30").header("content-range")).hasValue("bytes 0-9/10");
        assertThat(get("bytes=8-100").header("content-range")).hasValue("bytes 8-9/10");
    }

    @Test
    void aRangeStartingPastTheEndIs416NamingTheLength() {
        OriginResponse r = get("bytes=10-");
        assertThat(r.status()).isEqualTo(416);
        assertThat(r.header("content-range")).hasValue("bytes */10");
        assertThat(r.body()).isEmpty();
        assertThat(get("bytes=-0").status()).isEqualTo(416);
    }

    @Test
    void noneMalformedOrSeveralRangesGetTheWholeBody() {
        for (String h : new String[]{null, "bytes=5-2", "items=1-2", "bytes=a-b", "bytes=0-1,4-5", "bytes=-"}) {
            OriginResponse r = get(h);
            assertThat(r.status()).as(String.valueOf(h)).isEqualTo(200);
            assertThat(r.body()).hasSize(10);
            assertThat(r.header("accept-ranges")).hasValue("bytes");
        }
    }

    @Test
    void onlyA200IsCut() {
        OriginResponse notFound = OriginResponse.text(404, "text/plain", "no such key");
        assertThat(ByteRange.apply(Optional.of("bytes=0-1"), notFound)).isSameAs(notFound);
    }
}
