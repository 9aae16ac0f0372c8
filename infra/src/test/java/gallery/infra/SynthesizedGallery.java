package gallery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gallery stack synthesized once per test JVM (a synth takes tens of seconds), from the real
 * Lambda jars and libvips package of this checkout, in the middle of a key rotation (two public
 * keys) so the key group's second slot is exercised too.
 */
final class SynthesizedGallery {
    private static GalleryStack stack;
    private static Template template;
    private static JsonNode json;

    private SynthesizedGallery() {
    }

    static synchronized GalleryStack stack() {
        if (stack == null) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put(GallerySettings.PROJECT_ROOT, projectRoot().toString());
            context.put(GallerySettings.SIGNING_PUBLIC_KEY, publicKeyPem(newKeyPair()));
            context.put(GallerySettings.NEXT_SIGNING_PUBLIC_KEY, publicKeyPem(newKeyPair()));
            App app = new App(AppProps.builder().context(context).build());
            stack = GalleryApp.build(app);
        }
        return stack;
    }

    static synchronized Template template() {
        if (template == null) template = Template.fromStack(stack());
        return template;
    }

    static synchronized JsonNode json() {
        if (json == null) json = Json.MAPPER.valueToTree(template().toJSON());
        return json;
    }

    /** infra/ is the working directory of its tests; the repository root is its parent. */
    static Path projectRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    static Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = json().get("Resources").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().path("Type").asText().equals(type)) found.put(e.getKey(), e.getValue());
        }
        return found;
    }

    static JsonNode resource(String logicalId) {
        JsonNode r = json().get("Resources").get(logicalId);
        if (r == null) throw new AssertionError("no resource " + logicalId + " in the template");
        return r;
    }

    /** The logical id a {@code {"Ref": id}} or {@code {"Fn::GetAtt": [id, attr]}} points at. */
    static String target(JsonNode refOrGetAtt) {
        if (refOrGetAtt.has("Ref")) return refOrGetAtt.get("Ref").asText();
        if (refOrGetAtt.has("Fn::GetAtt")) return refOrGetAtt.get("Fn::GetAtt").get(0).asText();
        throw new AssertionError("expected a Ref or Fn::GetAtt, found " + refOrGetAtt);
    }

    /** The first resource a value refers to, however deep in an intrinsic function (e.g. an alias ARN built with Fn::Join). */
    static String firstTarget(JsonNode node) {
        if (node.isObject() && (node.has("Ref") || node.has("Fn::GetAtt"))) return target(node);
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                try {
                    return firstTarget(child);
                } catch (AssertionError notHere) {
                    // keep looking
                }
            }
        }
        throw new AssertionError("no Ref or Fn::GetAtt in " + node);
    }

    static List<JsonNode> list(JsonNode arrayOrSingle) {
        List<JsonNode> out = new ArrayList<>();
        if (arrayOrSingle == null || arrayOrSingle.isMissingNode() || arrayOrSingle.isNull()) return out;
        if (arrayOrSingle.isArray()) arrayOrSingle.forEach(out::add);
        else out.add(arrayOrSingle);
        return out;
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String publicKeyPem(KeyPair pair) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }
}
