package gallery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.routes.ImageAccept;
import gallery.core.routes.PathPattern;
import gallery.core.routes.Route;
import gallery.core.routes.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static gallery.infra.SynthesizedGallery.list;
import static gallery.infra.SynthesizedGallery.resource;
import static gallery.infra.SynthesizedGallery.resources;
import static gallery.infra.SynthesizedGallery.target;
import static org.assertj.core.api.Assertions.assertThat;

class EdgeTest {

    private static JsonNode distribution() {
        Map<String, JsonNode> d = resources("AWS::CloudFront::Distribution");
        assertThat(d).hasSize(1);
        return d.values().iterator().next().at("/Properties/DistributionConfig");
    }

    @Test
    void everyBucketAndTheResizerAreReachedThroughOriginAccessControl() {
        List<JsonNode> origins = list(distribution().get("Origins"));
        int withOac = 0;
        for (JsonNode o : origins) {
            if (o.has("OriginAccessControlId")) {
                withOac++;
                String oacType = resource(target(o.get("OriginAccessControlId")))
                        .at("/Properties/OriginAccessControlConfig/OriginAccessControlOriginType").asText();
                assertThat(oacType).isIn("s3", "lambda");
                if (o.has("S3OriginConfig")) assertThat(o.at("/S3OriginConfig/OriginAccessIdentity").asText()).isEmpty();
            } else {
                // The one origin without OAC (CloudFront has none for API Gateway): the HTTP API,
                // whose routes all require a Cognito token.
                assertThat(o.get("DomainName").toString()).contains(".execute-api.");
            }
        }
        assertThat(withOac).isEqualTo(4); // web, derived, originals, resizer
        assertThat(origins).hasSize(5);
    }

    @Test
    void everyBehaviourSendsTheStrictContentSecurityPolicy() {
        Map<String, JsonNode> policies = resources("AWS::CloudFront::ResponseHeadersPolicy");
        assertThat(policies).hasSize(1);
        String id = policies.keySet().iterator().next();
        JsonNode headers = policies.get(id).at("/Properties/ResponseHeadersPolicyConfig/SecurityHeadersConfig");
        JsonNode csp = headers.at("/ContentSecurityPolicy");
        assertThat(csp.get("Override").asBoolean()).isTrue();
        // The region is a token: the policy is an Fn::Join around it.
        String policy = csp.get("ContentSecurityPolicy").toString();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "img-src 'self' data: blob:", "frame-ancestors 'none'", "object-src 'none'",
                "connect-src 'self' https://cognito-idp.", "AWS::Region", ".amazonaws.com");
        assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        // browser uploads send their parts to the originals bucket's own endpoint, and to no other bucket
        assertThat(policy).contains("https://", StorageTest.logicalId(SynthesizedGallery.stack().storage().originals()), ".s3.");
        assertThat(headers.at("/FrameOptions/FrameOption").asText()).isEqualTo("DENY");
        assertThat(headers.at("/ContentTypeOptions/Override").asBoolean()).isTrue();
        assertThat(headers.at("/StrictTransportSecurity/AccessControlMaxAgeSec").asInt()).isEqualTo(31_536_000);

        JsonNode d = distribution();
        List<JsonNode> behaviours = new ArrayList<>(list(d.get("CacheBehaviors")));
        behaviours.add(d.get("DefaultCacheBehavior"));
        assertThat(behaviours).hasSize(Routes.ALL.size());
        for (JsonNode b : behaviours) {
            assertThat(target(b.get("ResponseHeadersPolicyId"))).as(b.path("PathPattern").asText("default")).isEqualTo(id);
        }
    }

    @Test
    void theResizerFunctionUrlRequiresIam() {
        Map<String, JsonNode> urls = resources("AWS::Lambda::Url");
        assertThat(urls).hasSize(1);
        assertThat(urls.values().iterator().next().at("/Properties/AuthType").asText()).isEqualTo("AWS_IAM");
        // Only CloudFront, only this distribution, may call it.
        resources("AWS::Lambda::Permission").values().stream()
                .map(p -> p.get("Properties"))
                .filter(p -> p.get("Principal").asText().equals("cloudfront.amazonaws.com"))
                .forEach(p -> assertThat(p.get("SourceArn").toString()).contains(resourcesOfType("AWS::CloudFront::Distribution")));
    }

    @Test
    void behavioursFollowTheRouteTableInOrderAndNeverOverlap() {
        List<String> patterns = new ArrayList<>();
        for (JsonNode b : list(distribution().get("CacheBehaviors"))) patterns.add(b.get("PathPattern").asText());
        List<String> expected = Routes.ALL.stream().filter(r -> !r.isDefault()).map(Route::pathPattern).toList();
        assertThat(patterns).containsExactlyElementsOf(expected);
        for (int i = 0; i < patterns.size(); i++) {
            for (int j = i + 1; j < patterns.size(); j++) {
                assertThat(PathPattern.overlap(patterns.get(i), patterns.get(j)))
                        .as(patterns.get(i) + " vs " + patterns.get(j)).isFalse();
            }
        }
    }

    @Test
    void protectedRoutesTrustTheKeyGroupWithRoomForTwoKeys() {
        Map<String, JsonNode> groups = resources("AWS::CloudFront::KeyGroup");
        assertThat(groups).hasSize(1);
        String groupId = groups.keySet().iterator().next();
        assertThat(list(groups.get(groupId).at("/Properties/KeyGroupConfig/Items"))).hasSize(2)
                .allSatisfy(k -> assertThat(resource(target(k)).get("Type").asText()).isEqualTo("AWS::CloudFront::PublicKey"));
        for (JsonNode b : behaviours()) {
            Route route = Routes.match(b.path("PathPattern").asText("/"));
            List<JsonNode> trusted = list(b.get("TrustedKeyGroups"));
            if (route.signedCookies()) {
                assertThat(trusted).as(route.pathPattern()).hasSize(1);
                assertThat(target(trusted.getFirst())).isEqualTo(groupId);
            } else {
                assertThat(trusted).as(route.pathPattern()).isEmpty();
            }
            assertThat(b.get("ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
        }
    }

    @Test
    void cachePoliciesComeFromTheRouteTable() {
        for (JsonNode b : behaviours()) {
            Route route = Routes.match(b.path("PathPattern").asText("/"));
            JsonNode policyRef = b.get("CachePolicyId");
            if (!route.cache().caches()) {
                // The managed CachingDisabled policy, by its fixed id.
                assertThat(policyRef.asText()).as(route.pathPattern()).isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
                continue;
            }
            JsonNode c = resource(target(policyRef)).at("/Properties/CachePolicyConfig");
            assertThat(c.get("DefaultTTL").asLong()).as(route.pathPattern()).isEqualTo(route.cache().defaultTtl().toSeconds());
            assertThat(c.get("MaxTTL").asLong()).isEqualTo(route.cache().maxTtl().toSeconds());
            assertThat(c.get("MinTTL").asLong()).isZero();
            JsonNode key = c.get("ParametersInCacheKeyAndForwardedToOrigin");
            assertThat(list(key.at("/QueryStringsConfig/QueryStrings"))).extracting(JsonNode::asText)
                    .containsExactlyElementsOf(route.cache().queryParams());
            assertThat(list(key.at("/HeadersConfig/Headers"))).extracting(JsonNode::asText)
                    .containsExactlyElementsOf(route.cache().headers());
            assertThat(b.has("FunctionAssociations")).as(route.pathPattern()).isEqualTo(route.signedCookies());
        }
    }

    /**
     * Every protected behaviour runs the access function on viewer request (the label must be the album's);
     * /resize/ also puts the label back on the resizer's redirects. The function is deployed refusing member
     * URLs until the admin tool publishes the rules, under the name the Deployment output gives the admin tool.
     */
    @Test
    void everyProtectedBehaviourChecksTheAccessLabel() {
        Map<String, JsonNode> functions = resources("AWS::CloudFront::Function");
        JsonNode access = functions.values().stream().filter(f -> f.at("/Properties/FunctionCode").asText().contains("var RULES = null;"))
                .findFirst().orElseThrow(() -> new AssertionError("no access function deployed without rules"));
        String accessId = functions.entrySet().stream().filter(e -> e.getValue() == access).findFirst().orElseThrow().getKey();
        assertThat(access.at("/Properties/FunctionConfig/Runtime").asText()).isEqualTo("cloudfront-js-2.0");
        assertThat(access.at("/Properties/AutoPublish").asBoolean()).isTrue();
        int protectedBehaviours = 0;
        for (JsonNode b : behaviours()) {
            Route route = Routes.match(b.path("PathPattern").asText("/"));
            if (!route.signedCookies()) continue;
            protectedBehaviours++;
            List<JsonNode> assoc = list(b.get("FunctionAssociations"));
            assertThat(assoc).as(route.pathPattern()).anySatisfy(a -> {
                assertThat(a.get("EventType").asText()).isEqualTo("viewer-request");
                assertThat(a.at("/FunctionARN").toString()).contains(accessId);
            });
            assertThat(assoc.stream().anyMatch(a -> a.get("EventType").asText().equals("viewer-response"))).as(route.pathPattern())
                    .isEqualTo(route == Routes.RESIZE);
        }
        assertThat(protectedBehaviours).isEqualTo(3);
        String deployment = SynthesizedGallery.json().at("/Outputs/Deployment/Value").toString();
        assertThat(deployment).contains("\\\"" + GalleryStack.EDGE_ACCESS_FUNCTION + "\\\":\\\"" + access.at("/Properties/Name").asText() + "\\\"");
    }

    /** The viewer-request function and ImageAccept must reduce every Accept header alike. */
    @Test
    void theAcceptFunctionAgreesWithImageAccept(@TempDir Path dir) throws Exception {
        List<String> headers = List.of(
                "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
                "image/webp,*/*", "image/*", "*/*", "", "IMAGE/AVIF", "image/avif;q=0, image/webp",
                "image/avif;q=0.0,image/webp;q=0", "image/webp;q=abc", "text/html, image/jpeg");
        StringBuilder js = new StringBuilder(Edge.acceptFunctionSource()).append("\nvar inputs = [");
        for (String h : headers) js.append(gallery.core.Json.MAPPER.writeValueAsString(h)).append(',');
        js.append("];\nfor (var i = 0; i < inputs.length; i++) {\n")
                .append("  var headers = inputs[i] === '' ? {} : { accept: { value: inputs[i] } };\n")
                .append("  console.log(handler({ request: { headers: headers } }).headers.accept.value);\n}\n");
        Path file = dir.resolve("accept.js");
        Files.writeString(file, js);
        Process node = new ProcessBuilder("node", file.toString()).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(out).isZero();
        List<String> expected = headers.stream().map(h -> ImageAccept.normalize(h.isEmpty() ? null : h)).toList();
        assertThat(out.strip().lines().toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void theSiteConfigCarriesWhatTheWebUiReads() {
        Map<String, Object> config = SiteContent.config(SynthesizedGallery.stack().auth());
        assertThat(config).containsKeys("region", "userPoolId", "clientId", "authFlow", "sizes", "sessionPath", "apiBase");
        assertThat(config.get("sessionPath")).isEqualTo("/session");
        assertThat(config.get("apiBase")).isEqualTo("/api");
        assertThat(resources("Custom::CDKBucketDeployment")).isNotEmpty();
    }

    private static List<JsonNode> behaviours() {
        List<JsonNode> all = new ArrayList<>(list(distribution().get("CacheBehaviors")));
        all.add(distribution().get("DefaultCacheBehavior"));
        return all;
    }

    private static String resourcesOfType(String type) {
        return resources(type).keySet().iterator().next();
    }
}
