package gallery.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiHandlerTest {
    private static APIGatewayV2HTTPEvent event(String method, String rawPath, String rawQuery, Map<String, String> headers) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .build();
    }

    @Test
    void turnsAnHttpApiEventIntoARequest() {
        ApiRequest r = ApiHandler.request(event("get", "/api/timeline", "limit=10&cursor=abc%3D&flag",
                Map.of("authorization", "Bearer t0k3n")));
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.rawPath()).isEqualTo("/api/timeline");
        assertThat(r.query()).isEqualTo(Map.of("limit", "10", "cursor", "abc=", "flag", ""));
        assertThat(r.authorization()).isEqualTo("Bearer t0k3n");
    }

    @Test
    void readsHeadersWhateverTheirCase() {
        ApiRequest r = ApiHandler.request(event("GET", "/api/me", null, Map.of("Authorization", "Bearer x")));
        assertThat(r.authorization()).isEqualTo("Bearer x");
    }

    @Test
    void fallsBackToTheDecodedParameterMap() {
        APIGatewayV2HTTPEvent e = event("GET", "/api/timeline", null, Map.of());
        e.setQueryStringParameters(Map.of("limit", "5"));
        assertThat(ApiHandler.request(e).query()).isEqualTo(Map.of("limit", "5"));
    }

    @Test
    void theFirstOfARepeatedParameterWins() {
        assertThat(ApiHandler.request(event("GET", "/api/timeline", "limit=1&limit=500", Map.of())).query())
                .containsEntry("limit", "1");
    }
}
