package gallery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.api.ApiConfig;
import gallery.core.config.Env;
import gallery.ingest.IngestConfig;
import gallery.resize.ResizeConfig;
import gallery.signer.SignerConfig;
import gallery.worker.WorkerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static gallery.infra.SynthesizedGallery.projectRoot;
import static gallery.infra.SynthesizedGallery.resources;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every function's synthesized {@code Environment}, read by that function's own {@code fromEnv} as
 * Lambda would: a variable the template lacks, or one a reader refuses, fails here, not at the first
 * cold start. CloudFormation's references are resolved to values of the right shape (names, URLs),
 * and {@code /opt} (where Lambda unpacks layers) to the staged libvips layer.
 */
class ConfigContractTest {
    /** Each handler of the template and its configuration reader. */
    static final Map<String, Function<Env, Object>> READERS = Map.of(
            "gallery.ingest.IngestHandler", IngestConfig::fromEnv,
            "gallery.worker.RenderHandler", WorkerConfig::fromEnv,
            "gallery.resize.ResizeHandler", ResizeConfig::fromEnv,
            "gallery.signer.SessionHandler", SignerConfig::fromEnv,
            "gallery.api.ApiHandler", env -> java.util.List.of(ApiConfig.fromEnv(env), gallery.api.UploadConfig.fromEnv(env)),
            "gallery.worker.VideoHandler", gallery.worker.video.VideoConfig::fromEnv);

    @Test
    void everyFunctionsEnvironmentSatisfiesItsConfigReader() {
        int read = 0;
        for (Map.Entry<String, JsonNode> f : resources("AWS::Lambda::Function").entrySet()) {
            String handler = f.getValue().at("/Properties/Handler").asText();
            if (!handler.startsWith("gallery.")) continue;
            assertThat(READERS).as(f.getKey() + " runs " + handler + ", which no reader here knows").containsKey(handler);
            Map<String, String> env = resolved(f.getValue().at("/Properties/Environment/Variables"));
            Object config = READERS.get(handler).apply(new Env(env)); // throws ConfigException naming every problem
            assertThat(config).as(f.getKey()).isNotNull();
            read++;
        }
        assertThat(read).isEqualTo(7);
    }

    @Test
    void theReprocessWorkerKnowsItsLane() {
        assertThat(((WorkerConfig) READERS.get("gallery.worker.RenderHandler").apply(new Env(resolved(
                SynthesizedGallery.resource(StorageTest.logicalId(SynthesizedGallery.stack().pipeline().reprocess().function().function()))
                        .at("/Properties/Environment/Variables"))))).lane())
                .isEqualTo(gallery.core.deploy.Lane.REPROCESS);
    }

    @Test
    void aVariableTheTemplateLacksIsNamed() {
        JsonNode api = resources("AWS::Lambda::Function").values().stream()
                .filter(f -> f.at("/Properties/Handler").asText().equals("gallery.api.ApiHandler")).findFirst().orElseThrow();
        Map<String, String> env = resolved(api.at("/Properties/Environment/Variables"));
        env.remove("PHOTO_TABLE");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiConfig.fromEnv(new Env(env)))
                .hasMessageContaining("PHOTO_TABLE is not set");
    }

    static Map<String, String> resolved(JsonNode variables) {
        Map<String, String> env = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = variables.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = resolve(e.getValue());
            if (value.startsWith("/opt/")) {
                value = projectRoot().resolve(LibvipsLayer.FOLDER).resolve(value.substring("/opt/".length())).toString();
            }
            env.put(e.getKey(), value);
        }
        return env;
    }

    /** A CloudFormation value as a string of the shape the real one has. */
    static String resolve(JsonNode v) {
        if (v.isTextual() || v.isNumber()) return v.asText();
        if (v.has("Ref")) {
            String ref = v.get("Ref").asText();
            return switch (ref) {
                case "AWS::Region" -> "eu-west-1";
                case "AWS::URLSuffix" -> "amazonaws.com";
                case "AWS::AccountId" -> "123456789012";
                case "AWS::Partition" -> "aws";
                default -> ref.toLowerCase();
            };
        }
        if (v.has("Fn::GetAtt")) {
            String id = v.get("Fn::GetAtt").get(0).asText().toLowerCase();
            String attr = v.get("Fn::GetAtt").get(1).asText();
            return switch (attr) {
                case "DomainName" -> id + ".cloudfront.net";
                case "QueueUrl" -> "https://sqs.eu-west-1.amazonaws.com/123456789012/" + id;
                case "ProviderURL" -> "https://cognito-idp.eu-west-1.amazonaws.com/" + id;
                default -> id;
            };
        }
        if (v.has("Fn::Join")) {
            StringBuilder s = new StringBuilder();
            String sep = v.get("Fn::Join").get(0).asText();
            boolean first = true;
            for (JsonNode part : v.get("Fn::Join").get(1)) {
                if (!first) s.append(sep);
                s.append(resolve(part));
                first = false;
            }
            return s.toString();
        }
        throw new AssertionError("cannot resolve " + v);
    }

    static Path layer() {
        return projectRoot().resolve(LibvipsLayer.FOLDER);
    }
}
