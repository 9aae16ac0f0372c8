package gallery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.PhotoKey;
import gallery.core.ResizedKey;
import gallery.core.routes.Routes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static gallery.infra.StorageTest.logicalId;
import static gallery.infra.SynthesizedGallery.firstTarget;
import static gallery.infra.SynthesizedGallery.json;
import static gallery.infra.SynthesizedGallery.list;
import static gallery.infra.SynthesizedGallery.resource;
import static gallery.infra.SynthesizedGallery.resources;
import static gallery.infra.SynthesizedGallery.stack;
import static gallery.infra.SynthesizedGallery.target;
import static org.assertj.core.api.Assertions.assertThat;

/** The findings of an outside review of the template, each held by the template itself. */
class ReviewFindingsTest {

    @Test
    void theOnDemandResizerHasAConcurrencyCap() {
        JsonNode fn = resource(logicalId(stack().resizer().function()));
        assertThat(fn.at("/Properties/ReservedConcurrentExecutions").asInt()).isEqualTo(FunctionSizing.RESIZER_CONCURRENCY);
    }

    @Test
    void originalsGetNoViewerQueryStringOrHeader() {
        JsonNode distribution = resources("AWS::CloudFront::Distribution").values().iterator().next()
                .at("/Properties/DistributionConfig");
        JsonNode photos = null;
        for (JsonNode b : list(distribution.get("CacheBehaviors"))) {
            if (b.get("PathPattern").asText().equals(Routes.match("/photos/a.jpg").pathPattern())) photos = b;
        }
        assertThat(photos).as("a /photos/* behaviour").isNotNull();
        // CachingDisabled forwards nothing of the viewer's; an origin request policy would.
        assertThat(photos.get("CachePolicyId").asText()).isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
        assertThat(photos.has("OriginRequestPolicyId")).isFalse();
    }

    @Test
    void queuePoliciesNameTheSourceAccountBesideTheSourceArn() {
        int withArn = 0;
        for (JsonNode policy : resources("AWS::SQS::QueuePolicy").values()) {
            for (JsonNode s : list(policy.at("/Properties/PolicyDocument/Statement"))) {
                if (s.at("/Condition/ArnLike/aws:SourceArn").isMissingNode()) continue;
                withArn++;
                assertThat(s.at("/Condition/StringEquals/aws:SourceAccount").isMissingNode()).as(s.toString()).isFalse();
            }
        }
        assertThat(withArn).as("the S3 notification grant").isPositive();
    }

    @Test
    void noFunctionMayScanTheIndex() {
        List<String> actions = new ArrayList<>();
        for (JsonNode policy : resources("AWS::IAM::Policy").values()) {
            for (JsonNode s : list(policy.at("/Properties/PolicyDocument/Statement"))) {
                list(s.get("Action")).forEach(a -> actions.add(a.asText()));
            }
        }
        assertThat(actions).contains("dynamodb:Query").doesNotContain("dynamodb:Scan", "dynamodb:*");
    }

    @Test
    void cloudFrontReadsPhotosOnlyFromTheOriginalsBucket() {
        String bucket = logicalId(stack().storage().originals());
        List<JsonNode> cloudFront = new ArrayList<>();
        for (JsonNode policy : resources("AWS::S3::BucketPolicy").values()) {
            if (!target(policy.at("/Properties/Bucket")).equals(bucket)) continue;
            for (JsonNode s : list(policy.at("/Properties/PolicyDocument/Statement"))) {
                if (s.at("/Principal/Service").asText().equals("cloudfront.amazonaws.com")) cloudFront.add(s);
            }
        }
        assertThat(cloudFront).hasSize(1);
        JsonNode s = cloudFront.getFirst();
        assertThat(list(s.get("Action"))).extracting(JsonNode::asText).containsExactly("s3:GetObject");
        assertThat(s.get("Resource").toString()).endsWith("\"/" + PhotoKey.PREFIX + "*\"]]}");
        assertThat(s.at("/Condition/StringEquals/AWS:SourceArn").toString())
                .contains("{\"Ref\":\"" + logicalId(stack().edge().distribution()) + "\"}");
    }

    @Test
    void storedResizeResultsExpire() {
        JsonNode rules = resource(logicalId(stack().storage().derived())).at("/Properties/LifecycleConfiguration/Rules");
        assertThat(list(rules)).anySatisfy(r -> {
            assertThat(r.path("Prefix").asText()).isEqualTo(ResizedKey.PREFIX);
            assertThat(r.path("ExpirationInDays").asInt()).isEqualTo(ResizedKey.LIFETIME_DAYS);
            assertThat(r.get("Status").asText()).isEqualTo("Enabled");
        });
    }

    @Test
    void noFunctionHasAFixedName() {
        resources("AWS::Lambda::Function").forEach((id, f) ->
                assertThat(f.at("/Properties/FunctionName").isMissingNode()).as(id).isTrue());
    }

    @Test
    void cloudFrontsFunctionUrlPermissionsNameTheAliasTheUrlBelongsTo() {
        Map<String, JsonNode> urls = resources("AWS::Lambda::Url");
        assertThat(urls).hasSize(1);
        String alias = logicalId(stack().resizer().alias());
        JsonNode url = urls.values().iterator().next().get("Properties");
        // a URL on an alias is the function's ARN with the alias as qualifier
        assertThat(firstTarget(url.get("TargetFunctionArn"))).isEqualTo(logicalId(stack().resizer().function()));
        assertThat(url.get("Qualifier").asText()).isEqualTo(JavaFunction.ALIAS);
        assertThat(url.get("AuthType").asText()).isEqualTo("AWS_IAM");
        List<JsonNode> cloudFront = resources("AWS::Lambda::Permission").values().stream()
                .map(p -> p.get("Properties"))
                .filter(p -> p.get("Principal").asText().equals("cloudfront.amazonaws.com")).toList();
        assertThat(cloudFront).extracting(p -> p.get("Action").asText())
                .containsExactlyInAnyOrder("lambda:InvokeFunctionUrl", "lambda:InvokeFunction");
        for (JsonNode p : cloudFront) {
            assertThat(firstTarget(p.get("FunctionName"))).as(p.get("Action").asText()).isEqualTo(alias);
            assertThat(p.get("SourceArn").toString()).contains("{\"Ref\":\"" + logicalId(stack().edge().distribution()) + "\"}");
        }
        assertThat(json().toString()).doesNotContain("\"FunctionName\":\"Gallery-signer");
    }
}
