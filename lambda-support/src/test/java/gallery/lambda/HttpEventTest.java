package gallery.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpEventTest {
    @Test
    void headersAreFoundWhateverTheirCase() {
        APIGatewayV2HTTPEvent e = HttpEvent.sample("GET", "/x", null, Map.of("Authorization", "Bearer t"));
        assertThat(HttpEvent.header(e, "authorization")).isEqualTo("Bearer t");
        assertThat(HttpEvent.header(e, "accept")).isNull();
        assertThat(HttpEvent.header(APIGatewayV2HTTPEvent.builder().build(), "accept")).isNull();
    }

    @Test
    void theRawQueryIsDecodedAndTheFirstOfARepeatedNameWins() {
        APIGatewayV2HTTPEvent e = HttpEvent.sample("GET", "/x", "cursor=abc%3D&limit=1&limit=500&flag&&bad=%E0%A4%A", Map.of());
        assertThat(HttpEvent.query(e)).isEqualTo(Map.of("cursor", "abc=", "limit", "1", "flag", "", "bad", "%E0%A4%A"));
    }

    @Test
    void withoutARawQueryTheDecodedMapIsUsed() {
        APIGatewayV2HTTPEvent e = APIGatewayV2HTTPEvent.builder().withQueryStringParameters(Map.of("v", "1")).build();
        assertThat(HttpEvent.query(e)).isEqualTo(Map.of("v", "1"));
        assertThat(HttpEvent.query(APIGatewayV2HTTPEvent.builder().build())).isEmpty();
    }

    @Test
    void methodIsUpperCaseAndGetWhenAbsentPathSlashWhenAbsent() {
        assertThat(HttpEvent.method(HttpEvent.sample("post", "/session", null, Map.of()))).isEqualTo("POST");
        APIGatewayV2HTTPEvent bare = APIGatewayV2HTTPEvent.builder().build();
        assertThat(HttpEvent.method(bare)).isEqualTo("GET");
        assertThat(HttpEvent.path(bare)).isEqualTo("/");
    }

    @Test
    void aBase64BodyIsDecoded() {
        APIGatewayV2HTTPEvent e = APIGatewayV2HTTPEvent.builder()
                .withBody(Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).withIsBase64Encoded(true).build();
        assertThat(HttpEvent.body(e)).isEqualTo("{\"a\":1}");
        assertThat(HttpEvent.body(APIGatewayV2HTTPEvent.builder().withBody("plain").build())).isEqualTo("plain");
    }
}
