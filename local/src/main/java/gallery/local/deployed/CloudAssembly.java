package gallery.local.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A synthesized CDK app ({@code cdk.out}) read as CloudFormation and Lambda would read it: the
 * stack's template, each {@code AWS::Lambda::Function} with its code asset, and what invokes each
 * function (SQS event source mappings, HTTP API routes, function URLs).
 */
public final class CloudAssembly {
    private final Path dir;
    private final String stackName;
    private final JsonNode template;

    private CloudAssembly(Path dir, String stackName, JsonNode template) {
        this.dir = dir;
        this.stackName = stackName;
        this.template = template;
    }

    /** Reads the one CloudFormation stack of the assembly in {@code dir} (its {@code manifest.json}). */
    public static CloudAssembly read(Path dir) {
        JsonNode manifest = readJson(dir.resolve("manifest.json"));
        List<String> stacks = new ArrayList<>();
        String templateFile = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("artifacts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            if (a.getValue().path("type").asText().equals("aws:cloudformation:stack")) {
                stacks.add(a.getKey());
                templateFile = a.getValue().path("properties").path("templateFile").asText();
            }
        }
        if (stacks.size() != 1) throw new IllegalStateException(dir + ": expected one CloudFormation stack, found " + stacks);
        return new CloudAssembly(dir, stacks.getFirst(), readJson(dir.resolve(templateFile)));
    }

    /** The same assembly with another template (tests change a copy to show what the rehearsal catches). */
    public CloudAssembly withTemplate(JsonNode template) {
        return new CloudAssembly(dir, stackName, template);
    }

    public Path dir() {
        return dir;
    }

    public String stackName() {
        return stackName;
    }

    public JsonNode template() {
        return template;
    }

    JsonNode resource(String logicalId) {
        JsonNode r = template.path("Resources").get(logicalId);
        if (r == null) throw new IllegalStateException("the template has no resource " + logicalId);
        return r;
    }

    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) found.put(e.getKey(), e.getValue());
        });
        return found;
    }

    /**
     * A function as the template declares it; {@code environment} still holds CloudFormation values,
     * {@code code} is null when the code is not a file asset (inline code of CDK's own helpers).
     */
    public record Function(String logicalId, String handler, String runtime, String architecture, int memoryMb, Duration timeout,
                           Path code, Map<String, JsonNode> environment, List<JsonNode> layers, Integer reservedConcurrency,
                           String logFormat) {
        /** A function of ours: CDK's own deploy-time helpers (bucket notifications, deployments) are Python. */
        public boolean isJava() {
            return runtime != null && runtime.startsWith("java");
        }
    }

    public List<Function> functions() {
        List<Function> out = new ArrayList<>();
        resources("AWS::Lambda::Function").forEach((id, r) -> out.add(function(id, r)));
        return out;
    }

    public Function function(String logicalId) {
        return function(logicalId, resource(logicalId));
    }

    private Function function(String id, JsonNode r) {
        JsonNode p = r.path("Properties");
        // CDK names the staged asset in the resource's metadata; CloudFormation would read it from
        // the assets bucket under the same hash.
        String asset = r.path("Metadata").path("aws:asset:path").asText(null);
        Map<String, JsonNode> env = new LinkedHashMap<>();
        p.path("Environment").path("Variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue()));
        List<JsonNode> layers = new ArrayList<>();
        p.path("Layers").forEach(layers::add);
        JsonNode arch = p.path("Architectures").path(0);
        return new Function(id, p.path("Handler").asText(null), p.path("Runtime").asText(null),
                arch.isMissingNode() ? "x86_64" : arch.asText(),
                p.path("MemorySize").asInt(128), Duration.ofSeconds(p.path("Timeout").asInt(3)),
                asset == null ? null : dir.resolve(asset), env, layers,
                p.hasNonNull("ReservedConcurrentExecutions") ? p.get("ReservedConcurrentExecutions").asInt() : null,
                p.path("LoggingConfig").path("LogFormat").asText("Text"));
    }

    /** A layer's content as staged in the assembly, its description and the architectures it is built for. */
    public record Layer(String logicalId, Path content, String description, List<String> architectures) {
    }

    public Layer layer(JsonNode ref) {
        String id = ref.path("Ref").asText(null);
        if (id == null) throw new IllegalStateException("a layer that is not a layer of this stack: " + ref);
        JsonNode r = resource(id);
        String asset = r.path("Metadata").path("aws:asset:path").asText(null);
        if (asset == null) throw new IllegalStateException(id + ": no aws:asset:path metadata");
        List<String> architectures = new ArrayList<>();
        r.path("Properties").path("CompatibleArchitectures").forEach(a -> architectures.add(a.asText()));
        return new Layer(id, dir.resolve(asset), r.path("Properties").path("Description").asText(""), architectures);
    }

    /** An SQS event source: which function, which queue, and how Lambda polls it. */
    public record QueueTrigger(String function, String queue, int batchSize, Integer maximumConcurrency, boolean reportsItemFailures) {
    }

    public List<QueueTrigger> queueTriggers() {
        List<QueueTrigger> out = new ArrayList<>();
        resources("AWS::Lambda::EventSourceMapping").forEach((id, r) -> {
            JsonNode p = r.path("Properties");
            String queue = firstTarget(p.path("EventSourceArn")).orElseThrow(() -> new IllegalStateException(id + ": EventSourceArn names no resource"));
            if (!resource(queue).path("Type").asText().equals("AWS::SQS::Queue")) return;
            boolean itemFailures = false;
            for (JsonNode t : p.path("FunctionResponseTypes")) itemFailures |= t.asText().equals("ReportBatchItemFailures");
            JsonNode max = p.path("ScalingConfig").path("MaximumConcurrency");
            out.add(new QueueTrigger(functionOf(p.path("FunctionName"), id), queue, p.path("BatchSize").asInt(10),
                    max.isMissingNode() ? null : max.asInt(), itemFailures));
        });
        return out;
    }

    /** An HTTP API route ({@code ANY /api/{proxy+}}) and the function its integration calls. */
    public record HttpRoute(String routeKey, String function) {
    }

    public List<HttpRoute> httpRoutes() {
        List<HttpRoute> out = new ArrayList<>();
        resources("AWS::ApiGatewayV2::Route").forEach((id, r) -> {
            JsonNode p = r.path("Properties");
            String integration = firstTarget(p.path("Target")).orElseThrow(() -> new IllegalStateException(id + ": Target names no integration"));
            JsonNode uri = resource(integration).path("Properties").path("IntegrationUri");
            out.add(new HttpRoute(p.path("RouteKey").asText(), functionOf(uri, integration)));
        });
        return out;
    }

    /** Functions with a function URL. */
    public List<String> functionUrls() {
        List<String> out = new ArrayList<>();
        resources("AWS::Lambda::Url").forEach((id, r) -> out.add(functionOf(r.path("Properties").path("TargetFunctionArn"), id)));
        return out;
    }

    /**
     * The function a {@code FunctionName}, {@code IntegrationUri} or {@code TargetFunctionArn}
     * designates: through an alias or version to its function, or, when it is a name written out
     * (an ARN built with Fn::Join), the function whose {@code FunctionName} that is.
     */
    String functionOf(JsonNode value, String where) {
        Optional<String> target = firstTarget(value);
        if (target.isPresent()) {
            String id = target.get();
            JsonNode r = resource(id);
            switch (r.path("Type").asText()) {
                case "AWS::Lambda::Function" -> {
                    return id;
                }
                case "AWS::Lambda::Alias", "AWS::Lambda::Version" -> {
                    return functionOf(r.path("Properties").path("FunctionName"), id);
                }
                default -> {
                    // e.g. a Join of the partition and region pseudo parameters with a fixed name: fall through to names
                }
            }
        }
        String text = flatten(value);
        for (Map.Entry<String, JsonNode> f : resources("AWS::Lambda::Function").entrySet()) {
            JsonNode name = f.getValue().path("Properties").path("FunctionName");
            if (name.isTextual() && (text.contains("function:" + name.asText() + ":") || text.endsWith("function:" + name.asText())
                    || text.equals(name.asText()) || text.startsWith(name.asText() + ":"))) {
                return f.getKey();
            }
        }
        throw new IllegalStateException(where + ": cannot tell which function " + value + " designates");
    }

    /** The literal parts of a value with pseudo parameters left out, e.g. an ARN's {@code :function:Gallery-signer:live}. */
    private static String flatten(JsonNode node) {
        if (node.isTextual()) return node.asText();
        StringBuilder sb = new StringBuilder();
        if (node.isObject() && node.has("Fn::Join")) {
            for (JsonNode part : node.get("Fn::Join").get(1)) sb.append(flatten(part));
        } else if (node.isObject() && node.has("Fn::Sub")) {
            JsonNode a = node.get("Fn::Sub");
            sb.append((a.isArray() ? a.get(0) : a).asText().replaceAll("\\$\\{[^}]*}", ""));
        }
        return sb.toString();
    }

    /** The first resource a value refers to by Ref or GetAtt, however deep (pseudo parameters are not resources). */
    static Optional<String> firstTarget(JsonNode node) {
        if (node == null) return Optional.empty();
        if (node.isObject()) {
            if (node.has("Ref") && !node.get("Ref").asText().startsWith("AWS::")) return Optional.of(node.get("Ref").asText());
            if (node.has("Fn::GetAtt")) {
                JsonNode g = node.get("Fn::GetAtt");
                return Optional.of(g.isArray() ? g.get(0).asText() : g.asText().split("\\.")[0]);
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                Optional<String> t = firstTarget(child);
                if (t.isPresent()) return t;
            }
        }
        return Optional.empty();
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (synthesize the stack first): " + e.getMessage(), e);
        }
    }
}
