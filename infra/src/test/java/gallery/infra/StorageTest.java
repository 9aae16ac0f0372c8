package gallery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static gallery.infra.SynthesizedGallery.list;
import static gallery.infra.SynthesizedGallery.resources;
import static gallery.infra.SynthesizedGallery.stack;
import static gallery.infra.SynthesizedGallery.target;
import static org.assertj.core.api.Assertions.assertThat;

class StorageTest {

    @Test
    void everyBucketBlocksPublicAccessEncryptsAndDisablesAcls() {
        Map<String, JsonNode> buckets = resources("AWS::S3::Bucket");
        assertThat(buckets).hasSize(4);
        buckets.forEach((id, bucket) -> {
            JsonNode p = bucket.get("Properties");
            JsonNode block = p.get("PublicAccessBlockConfiguration");
            assertThat(block).as(id).isNotNull();
            for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
                assertThat(block.path(flag).asBoolean()).as(id + " " + flag).isTrue();
            }
            assertThat(p.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm").asText())
                    .as(id).isEqualTo("AES256");
            assertThat(p.at("/OwnershipControls/Rules/0/ObjectOwnership").asText()).as(id).isEqualTo("BucketOwnerEnforced");
            assertThat(bucket.path("DeletionPolicy").asText()).as(id).isEqualTo("Retain");
        });
    }

    @Test
    void everyBucketPolicyRefusesPlainHttpAndAllowsNoAnonymousReader() {
        Map<String, JsonNode> policies = resources("AWS::S3::BucketPolicy");
        assertThat(policies.values()).extracting(p -> target(p.at("/Properties/Bucket")))
                .containsExactlyInAnyOrderElementsOf(resources("AWS::S3::Bucket").keySet());
        policies.forEach((id, policy) -> {
            List<JsonNode> statements = list(policy.at("/Properties/PolicyDocument/Statement"));
            assertThat(statements).as(id).anySatisfy(s -> {
                assertThat(s.get("Effect").asText()).isEqualTo("Deny");
                assertThat(s.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
            });
            for (JsonNode s : statements) {
                if (!s.get("Effect").asText().equals("Allow")) continue;
                // Every Allow names a service principal and, for CloudFront, this distribution.
                assertThat(s.at("/Principal/Service").isMissingNode()).as(id + " " + s).isFalse();
                assertThat(s.get("Principal").has("AWS")).as(id).isFalse();
                if (s.at("/Principal/Service").asText().equals("cloudfront.amazonaws.com")) {
                    assertThat(s.at("/Condition/StringEquals/AWS:SourceArn").isMissingNode()).as(id).isFalse();
                }
            }
        });
    }

    @Test
    void originalsAreVersionedAndOldVersionsExpire() {
        String originals = logicalId(stack().storage().originals());
        JsonNode p = resources("AWS::S3::Bucket").get(originals).get("Properties");
        assertThat(p.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
        JsonNode rule = p.at("/LifecycleConfiguration/Rules/0");
        assertThat(rule.at("/NoncurrentVersionExpiration/NoncurrentDays").asInt()).isEqualTo(30);
        assertThat(rule.at("/ExpiredObjectDeleteMarker").asBoolean()).isTrue();
        assertThat(rule.at("/AbortIncompleteMultipartUpload/DaysAfterInitiation").asInt())
                .isEqualTo(Storage.ABORT_INCOMPLETE_UPLOADS.toDays().intValue());
        assertThat(p.at("/LoggingConfiguration/DestinationBucketName/Ref").asText())
                .isEqualTo(logicalId(stack().storage().logs()));
    }

    @Test
    void originalsAndRenditionsMoveToGlacierInstantRetrievalOnceSettledAndLargeEnoughToGain() {
        for (var bucket : List.of(stack().storage().originals(), stack().storage().derived())) {
            String prefix = bucket == stack().storage().originals() ? gallery.core.PhotoKey.PREFIX : gallery.core.RenditionKey.PREFIX;
            List<JsonNode> rules = list(resources("AWS::S3::Bucket").get(logicalId(bucket)).at("/Properties/LifecycleConfiguration/Rules"));
            List<JsonNode> cold = rules.stream().filter(r -> r.has("Transitions")).toList();
            assertThat(cold).as(prefix).hasSize(1);
            JsonNode rule = cold.get(0);
            assertThat(rule.get("Prefix").asText()).isEqualTo(prefix);
            assertThat(rule.get("Status").asText()).isEqualTo("Enabled");
            assertThat(rule.get("ObjectSizeGreaterThan").asLong()).isEqualTo(gallery.core.deploy.StoragePlan.MIN_COLD_OBJECT_BYTES - 1);
            assertThat(list(rule.get("Transitions"))).singleElement().satisfies(t -> {
                assertThat(t.get("StorageClass").asText()).isEqualTo(gallery.core.deploy.StoragePlan.COLD_CLASS);
                assertThat(t.get("TransitionInDays").asInt()).isEqualTo(gallery.core.deploy.StoragePlan.COLD_AFTER_DAYS);
            });
        }
        // The web bucket and the access logs are not photos: they stay where they are.
        for (var bucket : List.of(stack().storage().web(), stack().storage().logs())) {
            assertThat(list(resources("AWS::S3::Bucket").get(logicalId(bucket)).at("/Properties/LifecycleConfiguration/Rules")))
                    .noneMatch(r -> r.has("Transitions"));
        }
    }

    @Test
    void theStandingChargesAdminCostPricesAreTheOnesTheStackHas() {
        // CloudWatch bills each metric an alarm reads: one for a plain alarm, each MetricStat of a math one.
        int alarmMetrics = resources("AWS::CloudWatch::Alarm").values().stream().mapToInt(a -> {
            JsonNode metrics = a.at("/Properties/Metrics");
            return metrics.isArray() ? (int) list(metrics).stream().filter(m -> m.has("MetricStat")).count() : 1;
        }).sum();
        assertThat(alarmMetrics).isEqualTo(gallery.core.deploy.StandingCharges.ALARM_METRICS);
        assertThat(resources("AWS::SecretsManager::Secret")).hasSize(gallery.core.deploy.StandingCharges.SECRETS);
    }

    /** The idle month pays the index's storage: Standard-IA's $0.10 a GB, not Standard's $0.25 (StandingCharges.INDEX_GB_MONTH). */
    @Test
    void theIndexIsAnInfrequentAccessTableWithPointInTimeRecovery() {
        assertThat(resources("AWS::DynamoDB::Table").values()).singleElement().satisfies(t -> {
            JsonNode p = t.get("Properties");
            assertThat(p.get("TableClass").asText()).isEqualTo("STANDARD_INFREQUENT_ACCESS");
            assertThat(p.get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
            assertThat(p.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean()).isTrue();
        });
    }

    @Test
    void uploadsAndDeletesUnderPhotosNotifyTheIngestQueue() {
        JsonNode n = resources("Custom::S3BucketNotifications").values().iterator().next().get("Properties");
        assertThat(target(n.get("BucketName"))).isEqualTo(logicalId(stack().storage().originals()));
        List<JsonNode> configs = list(n.at("/NotificationConfiguration/QueueConfigurations"));
        assertThat(configs).extracting(c -> c.get("Events").get(0).asText())
                .containsExactlyInAnyOrder("s3:ObjectCreated:*", "s3:ObjectRemoved:*");
        String ingestQueue = logicalId(stack().pipeline().ingest().queue());
        for (JsonNode c : configs) {
            assertThat(target(c.get("QueueArn"))).isEqualTo(ingestQueue);
            assertThat(c.at("/Filter/Key/FilterRules/0/Name").asText()).isEqualTo("prefix");
            assertThat(c.at("/Filter/Key/FilterRules/0/Value").asText()).isEqualTo(gallery.core.PhotoKey.PREFIX);
        }
    }

    static String logicalId(software.constructs.IConstruct construct) {
        var cfn = (software.amazon.awscdk.CfnElement) construct.getNode().getDefaultChild();
        return stack().resolve(cfn.getLogicalId()).toString();
    }
}
