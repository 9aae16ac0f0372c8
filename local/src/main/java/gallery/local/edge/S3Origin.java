package gallery.local.edge;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bucket behind the edge, read with the S3 client (signed requests, as CloudFront's Origin Access
 * Control signs them). The object key is the request path without its leading slash, decoded once,
 * as S3 decodes the path CloudFront forwards; the query string is not part of the key.
 */
public final class S3Origin implements Origin {
    private final S3Client s3;
    private final String bucket;

    public S3Origin(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public OriginResponse fetch(OriginRequest request) {
        String key = URLDecoder.decode(request.rawPath().substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        if (key.isEmpty()) return OriginResponse.text(404, "text/plain", "no such key");
        // S3 takes "a/../b" as a key like any other, which the gallery never writes: 404. S3Proxy's files
        // answer 400 for it, a difference no viewer should see.
        if (("/" + key + "/").contains("/../") || ("/" + key + "/").contains("/./")) return OriginResponse.text(404, "text/plain", "no such key");
        try {
            if (request.method().equals("HEAD")) {
                HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key)
                        .ifNoneMatch(request.header("if-none-match").orElse(null)));
                return new OriginResponse(200, headers(head.contentType(), head.contentLength(), head.eTag(),
                        head.lastModified(), head.cacheControl()), new byte[0]);
            }
            GetObjectRequest get = GetObjectRequest.builder().bucket(bucket).key(key)
                    .ifNoneMatch(request.header("if-none-match").orElse(null)).build();
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(get);
            GetObjectResponse r = bytes.response();
            return new OriginResponse(200, headers(r.contentType(), r.contentLength(), r.eTag(), r.lastModified(), r.cacheControl()),
                    bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return OriginResponse.text(404, "text/plain", "no such key: " + key);
        } catch (S3Exception e) {
            if (e.statusCode() == 304) return new OriginResponse(304, Map.of(), new byte[0]);
            if (e.statusCode() == 404) return OriginResponse.text(404, "text/plain", "no such key: " + key);
            // S3 refused this request (a 4xx): the viewer gets the status, as through CloudFront, not our stack's reasons.
            if (e.statusCode() >= 400 && e.statusCode() < 500) return OriginResponse.text(e.statusCode(), "text/plain", "refused by the bucket");
            throw e;
        }
    }

    private static Map<String, List<String>> headers(String type, Long length, String etag, java.time.Instant modified, String cacheControl) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        if (type != null) h.put("content-type", List.of(type));
        if (etag != null) h.put("etag", List.of(etag));
        if (modified != null) h.put("last-modified", List.of(DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC))));
        if (cacheControl != null) h.put("cache-control", List.of(cacheControl));
        return h;
    }
}
