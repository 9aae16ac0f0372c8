package gallery.local.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gallery.core.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON Lambda hands a function and reads back, written from the events' documented shapes
 * (field names as AWS sends them: {@code Records}, {@code eventSourceARN}, ...), not from the Java
 * event classes, so the runtime interface client's own deserialization is what the function meets.
 * <ul>
 *   <li>SQS: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (event, {@code batchItemFailures})</li>
 *   <li>HTTP API payload 2.0 and function URLs: https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads</li>
 * </ul>
 */
public final class LambdaEvents {
    private static final DateTimeFormatter HTTP_API_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private LambdaEvents() {
    }

    public static byte[] sqs(SQSEvent event) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.getMessageId());
            r.put("receiptHandle", m.getReceiptHandle());
            r.put("body", m.getBody());
            ObjectNode attributes = r.putObject("attributes");
            if (m.getAttributes() != null) m.getAttributes().forEach(attributes::put);
            ObjectNode messageAttributes = r.putObject("messageAttributes");
            if (m.getMessageAttributes() != null) {
                m.getMessageAttributes().forEach((name, a) -> {
                    ObjectNode v = messageAttributes.putObject(name);
                    if (a.getStringValue() != null) v.put("stringValue", a.getStringValue());
                    if (a.getBinaryValue() != null) {
                        byte[] bytes = new byte[a.getBinaryValue().remaining()];
                        a.getBinaryValue().duplicate().get(bytes);
                        v.put("binaryValue", Base64.getEncoder().encodeToString(bytes));
                    }
                    v.putArray("stringListValues");
                    v.putArray("binaryListValues");
                    v.put("dataType", a.getDataType());
                });
            }
            r.put("md5OfBody", m.getMd5OfBody());
            if (m.getMd5OfMessageAttributes() != null) r.put("md5OfMessageAttributes", m.getMd5OfMessageAttributes());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", m.getEventSourceArn());
            r.put("awsRegion", m.getAwsRegion());
        }
        return bytes(root);
    }

    /** {@code {"batchItemFailures": [{"itemIdentifier": ...}]}}; an empty or null payload reports none. */
    public static SQSBatchResponse sqsBatchResponse(byte[] payload) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        JsonNode json = tree(payload);
        if (json != null && json.isObject()) {
            for (JsonNode f : json.path("batchItemFailures")) {
                failures.add(new SQSBatchResponse.BatchItemFailure(f.path("itemIdentifier").isNull() ? null : f.path("itemIdentifier").asText(null)));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Payload format 2.0, as an HTTP API route ({@code routeKey} e.g. {@code ANY /api/{proxy+}}) or a function URL ({@code $default}) sends it. */
    public static byte[] http(APIGatewayV2HTTPEvent event, String routeKey, Map<String, String> pathParameters) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", "2.0");
        root.put("routeKey", routeKey);
        root.put("rawPath", event.getRawPath());
        root.put("rawQueryString", event.getRawQueryString() == null ? "" : event.getRawQueryString());
        if (event.getCookies() != null) event.getCookies().forEach(root.withArray("cookies")::add);
        ObjectNode headers = root.putObject("headers");
        if (event.getHeaders() != null) event.getHeaders().forEach(headers::put);
        if (event.getQueryStringParameters() != null) {
            ObjectNode q = root.putObject("queryStringParameters");
            event.getQueryStringParameters().forEach(q::put);
        }
        if (pathParameters != null && !pathParameters.isEmpty()) {
            ObjectNode p = root.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        APIGatewayV2HTTPEvent.RequestContext rc = event.getRequestContext();
        ObjectNode context = root.putObject("requestContext");
        context.put("accountId", LambdaRuntime.ACCOUNT);
        context.put("apiId", "local");
        context.put("domainName", headers.path("host").asText("127.0.0.1"));
        context.put("domainPrefix", "local");
        ObjectNode http = context.putObject("http");
        http.put("method", rc.getHttp().getMethod());
        http.put("path", rc.getHttp().getPath());
        http.put("protocol", rc.getHttp().getProtocol());
        http.put("sourceIp", rc.getHttp().getSourceIp());
        http.put("userAgent", rc.getHttp().getUserAgent());
        context.put("requestId", rc.getRequestId());
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", HTTP_API_TIME.format(Instant.ofEpochMilli(rc.getTimeEpoch())));
        context.put("timeEpoch", rc.getTimeEpoch());
        if (event.getBody() != null) root.put("body", event.getBody());
        root.put("isBase64Encoded", event.getIsBase64Encoded());
        return bytes(root);
    }

    /**
     * The function's answer: {@code statusCode}, {@code headers}, {@code multiValueHeaders},
     * {@code cookies}, {@code body}, {@code isBase64Encoded}. Fails on anything else, as the
     * HTTP API answers 502 to a malformed Lambda response.
     */
    public static APIGatewayV2HTTPResponse httpResponse(byte[] payload) {
        JsonNode json = tree(payload);
        if (json == null || !json.isObject() || !json.path("statusCode").canConvertToInt()) {
            throw new IllegalArgumentException("not an HTTP response (no statusCode): " + abbreviate(payload));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        json.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        Map<String, List<String>> multi = new LinkedHashMap<>();
        json.path("multiValueHeaders").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            multi.put(e.getKey(), values);
        });
        List<String> cookies = new ArrayList<>();
        json.path("cookies").forEach(c -> cookies.add(c.asText()));
        JsonNode body = json.get("body");
        boolean base64 = json.path("isBase64Encoded").asBoolean(json.path("base64Encoded").asBoolean(false));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(json.get("statusCode").asInt())
                .withHeaders(headers)
                .withMultiValueHeaders(multi.isEmpty() ? null : multi)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withBody(body == null || body.isNull() ? null : body.asText())
                .withIsBase64Encoded(base64)
                .build();
    }

    private static JsonNode tree(byte[] payload) {
        if (payload == null || payload.length == 0) return null;
        try {
            return Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("the function answered with something that is not JSON: " + abbreviate(payload), e);
        }
    }

    private static String abbreviate(byte[] payload) {
        String s = payload == null ? "null" : new String(payload, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
