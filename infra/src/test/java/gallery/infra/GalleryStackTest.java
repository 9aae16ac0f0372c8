package gallery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.deploy.Deployment;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static gallery.infra.SynthesizedGallery.json;
import static gallery.infra.SynthesizedGallery.stack;
import static gallery.infra.SynthesizedGallery.template;
import static org.assertj.core.api.Assertions.assertThat;

class GalleryStackTest {

    @Test
    void cdkNagReportsNoUnsuppressedFinding() {
        template();
        Annotations annotations = Annotations.fromStack(stack());
        List<SynthesisMessage> errors = annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        List<SynthesisMessage> warnings = annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors).extracting(m -> m.getId() + ": " + m.getEntry().getData()).isEmpty();
        assertThat(warnings).extracting(m -> m.getId() + ": " + m.getEntry().getData()).isEmpty();
        // Nothing is waved through without a reason.
        for (JsonNode r : iterable(json().get("Resources"))) {
            for (JsonNode s : iterable(r.at("/Metadata/cdk_nag/rules_to_suppress"))) {
                assertThat(s.path("reason").asText()).as(s.toString()).hasSizeGreaterThan(20);
            }
        }
    }

    /** CloudFormation refuses a template whose resources depend on each other in a circle. */
    @Test
    void theTemplateHasNoDependencyCycle() {
        Map<String, Set<String>> edges = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = json().get("Resources").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Set<String> deps = new HashSet<>();
            collectReferences(e.getValue().get("Properties"), deps);
            SynthesizedGallery.list(e.getValue().get("DependsOn")).forEach(d -> deps.add(d.asText()));
            deps.retainAll(iterableKeys(json().get("Resources")));
            edges.put(e.getKey(), deps);
        }
        Map<String, Integer> state = new HashMap<>();
        for (String node : edges.keySet()) {
            List<String> cycle = findCycle(node, edges, state, new ArrayList<>());
            assertThat(cycle).as("dependency cycle").isNull();
        }
    }

    @Test
    void theStackIsEnvironmentAgnosticAndNeedsNoLookups() {
        assertThat(stack().getAccount()).startsWith("${Token[");
        assertThat(stack().getRegion()).startsWith("${Token[");
        assertThat(json().toString()).doesNotContain("cdk:lookup");
    }

    /** The admin tool's --deployment file is this output, verbatim: it must parse as a Deployment. */
    @Test
    void theDeploymentOutputIsWhatTheAdminToolReads() throws Exception {
        JsonNode value = json().at("/Outputs/Deployment/Value");
        StringBuilder resolved = new StringBuilder();
        for (JsonNode part : value.at("/Fn::Join/1")) {
            // Each reference stands in for the name or URL CloudFormation fills in.
            resolved.append(part.isTextual() ? part.asText() : "resolved-" + SynthesizedGallery.firstTarget(part));
        }
        Deployment d = gallery.core.Json.MAPPER.readValue(resolved.toString(), Deployment.class);
        assertThat(d.isLocal()).isFalse();
        assertThat(d.accessKeyId()).isNull();
        assertThat(d.originalsBucket()).isEqualTo("resolved-" + StorageTest.logicalId(stack().storage().originals()));
        assertThat(d.queues().reprocess()).isEqualTo("resolved-" + StorageTest.logicalId(stack().pipeline().reprocess().queue()));
        assertThat(d.queues().renderDlq()).startsWith("resolved-");
        assertThat(d.userPoolClientId()).isEqualTo("resolved-" + StorageTest.logicalId(stack().auth().webClient()));
    }

    private static List<String> findCycle(String node, Map<String, Set<String>> edges, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) return null;
        path.add(node);
        if (s != null && s == 1) return path;
        state.put(node, 1);
        for (String next : edges.getOrDefault(node, Set.of())) {
            List<String> cycle = findCycle(next, edges, state, path);
            if (cycle != null) return cycle;
        }
        state.put(node, 2);
        path.removeLast();
        return null;
    }

    private static void collectReferences(JsonNode node, Set<String> into) {
        if (node == null) return;
        if (node.isObject()) {
            if (node.has("Ref")) into.add(node.get("Ref").asText());
            if (node.has("Fn::GetAtt")) into.add(node.get("Fn::GetAtt").get(0).asText());
            node.elements().forEachRemaining(child -> collectReferences(child, into));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectReferences(child, into));
        }
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node == null ? List.of() : node::elements;
    }

    private static Set<String> iterableKeys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
