package gallery.local.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import gallery.local.edge.LambdaOrigin;
import gallery.local.edge.OriginRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The events as AWS documents them, field names included, and the answers read back. */
class LambdaEventsTest {
    @Test
    void anSqsBatchHasSqsFieldNames() throws Exception {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m1");
        m.setReceiptHandle("r1");
        m.setBody("{\"k\":1}");
        m.setMd5OfBody("abc");
        m.setAttributes(Map.of("ApproximateReceiveCount", "2"));
        m.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:ingest");
        m.setAwsRegion("us-east-1");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));
        JsonNode json = Json.MAPPER.readTree(LambdaEvents.sqs(event));
        JsonNode r = json.path("Records").get(0);
        assertThat(r.path("messageId").asText()).isEqualTo("m1");
        assertThat(r.path("eventSourceARN").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:ingest");
        assertThat(r.path("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(r.path("attributes").path("ApproximateReceiveCount").asText()).isEqualTo("2");
    }

    @Test
    void batchItemFailuresAreReadBack() {
        SQSBatchResponse r = LambdaEvents.sqsBatchResponse("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m2");
        assertThat(LambdaEvents.sqsBatchResponse(new byte[0]).getBatchItemFailures()).isEmpty();
    }

    @Test
    void anHttpRequestIsAPayload20Event() throws Exception {
        OriginRequest request = new OriginRequest("GET", "/api/albums/My%20Album/photos", "limit=2",
                Map.of("host", List.of("127.0.0.1"), "cookie", List.of("a=1; b=2")), new byte[0], "127.0.0.1");
        JsonNode json = Json.MAPPER.readTree(LambdaEvents.http(LambdaOrigin.event(request), "ANY /api/{proxy+}", Map.of("proxy", "albums/My%20Album/photos")));
        assertThat(json.path("version").asText()).isEqualTo("2.0");
        assertThat(json.path("routeKey").asText()).isEqualTo("ANY /api/{proxy+}");
        assertThat(json.path("rawPath").asText()).isEqualTo("/api/albums/My%20Album/photos");
        assertThat(json.path("rawQueryString").asText()).isEqualTo("limit=2");
        assertThat(json.path("cookies")).hasSize(2);
        assertThat(json.path("requestContext").path("http").path("method").asText()).isEqualTo("GET");
        assertThat(json.path("requestContext").path("http").path("path").asText()).isEqualTo("/api/albums/My Album/photos");
        assertThat(json.path("pathParameters").path("proxy").asText()).isEqualTo("albums/My%20Album/photos");
        assertThat(json.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void anHttpResponseIsReadBackOrRefused() {
        APIGatewayV2HTTPResponse r = LambdaEvents.httpResponse(("{\"statusCode\":204,\"headers\":{\"Cache-Control\":\"no-store\"},"
                + "\"cookies\":[\"a=1; Path=/\"],\"body\":null,\"isBase64Encoded\":false}").getBytes(StandardCharsets.UTF_8));
        assertThat(r.getStatusCode()).isEqualTo(204);
        assertThat(r.getCookies()).containsExactly("a=1; Path=/");
        assertThat(r.getHeaders()).containsEntry("Cache-Control", "no-store");
        assertThatThrownBy(() -> LambdaEvents.httpResponse("\"hello\"".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not an HTTP response");
    }
}
