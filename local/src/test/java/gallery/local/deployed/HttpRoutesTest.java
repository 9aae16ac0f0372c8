package gallery.local.deployed;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpRoutesTest {
    @Test
    void aRouteMatchesByMethodAndPath() {
        assertThat(HttpRoutes.match("POST /session", "POST", "/session")).isEmpty();
        assertThat(HttpRoutes.match("POST /session", "GET", "/session")).isNull();
        assertThat(HttpRoutes.match("POST /session", "POST", "/session/x")).isNull();
        assertThat(HttpRoutes.match("ANY /api/{proxy+}", "DELETE", "/api/albums/Holiday/photos"))
                .isEqualTo(Map.of("proxy", "albums/Holiday/photos"));
        assertThat(HttpRoutes.match("ANY /api/{proxy+}", "GET", "/api/")).as("a greedy parameter needs a value").isNull();
        assertThat(HttpRoutes.match("ANY /api/{proxy+}", "GET", "/api")).isNull();
        assertThat(HttpRoutes.match("GET /photos/{id}", "GET", "/photos/7")).isEqualTo(Map.of("id", "7"));
        assertThat(HttpRoutes.match("GET /photos/{id}", "GET", "/photos/7/8")).isNull();
    }

    @Test
    void aSamplePathFindsTheRoutesCloudFrontBehaviour() {
        assertThat(HttpRoutes.samplePath("ANY /api/{proxy+}")).isEqualTo("/api/x");
        assertThat(HttpRoutes.samplePath("DELETE /session")).isEqualTo("/session");
    }
}
