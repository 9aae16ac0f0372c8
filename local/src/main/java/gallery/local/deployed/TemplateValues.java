package gallery.local.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.local.lambda.LambdaRuntime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the CloudFormation values of a synthesized template ({@code Ref}, {@code Fn::GetAtt},
 * {@code Fn::Join}, {@code Fn::Sub}, {@code Fn::Select}/{@code Fn::Split}, pseudo parameters) to
 * what they are on the local stack. A resource's value is known when one of the stack's outputs is
 * that value and the local stack has bound the output (e.g. {@code OriginalsBucket} → the local
 * bucket's name): the outputs are the contract between the stack and whoever uses it, here as for
 * the admin tool; an attribute no output names is bound on its own ({@link #bindAttribute}).
 * Anything else is an {@link Unresolved} naming the resource, so a variable that
 * points at something the local stack lacks fails the rehearsal instead of passing a wrong value.
 */
public final class TemplateValues {
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final JsonNode template;
    private final String region;
    private final String stackName;
    private final Map<String, String> byTarget = new HashMap<>();
    private final Map<JsonNode, String> byValue = new HashMap<>();

    public TemplateValues(JsonNode template, String region, String stackName) {
        this.template = template;
        this.region = region;
        this.stackName = stackName;
    }

    /** A value the template refers to that the local stack has no counterpart for. */
    public static final class Unresolved extends RuntimeException {
        Unresolved(String message) {
            super(message);
        }
    }

    /** Binds output {@code name} to its local value; an output the template lacks is an error (the stack changed). */
    public TemplateValues bindOutput(String name, String localValue) {
        JsonNode value = output(name).orElseThrow(() -> new IllegalArgumentException("the template has no output " + name));
        byValue.put(value, localValue);
        target(value).ifPresent(t -> byTarget.put(t, localValue));
        return this;
    }

    /** Binds {@code Fn::GetAtt [logicalId, attribute]} to its local value (an attribute no output names, e.g. a user pool's ProviderURL). */
    public TemplateValues bindAttribute(String logicalId, String attribute, String localValue) {
        byTarget.put(logicalId + "." + attribute, localValue);
        return this;
    }

    public Optional<JsonNode> output(String name) {
        JsonNode v = template.path("Outputs").path(name).get("Value");
        return Optional.ofNullable(v);
    }

    /** The logical id an output names by {@code Ref} or {@code Fn::GetAtt}, e.g. the ingest queue's. */
    public Optional<String> outputResource(String name) {
        return output(name).flatMap(TemplateValues::target).map(t -> t.contains(".") ? t.substring(0, t.indexOf('.')) : t);
    }

    /** {@code id} for a Ref, {@code id.Attr} for a GetAtt. */
    private static Optional<String> target(JsonNode node) {
        if (node == null || !node.isObject()) return Optional.empty();
        if (node.has("Ref")) return Optional.of(node.get("Ref").asText());
        if (node.has("Fn::GetAtt")) {
            JsonNode g = node.get("Fn::GetAtt");
            if (g.isArray()) return Optional.of(g.get(0).asText() + "." + g.get(1).asText());
            return Optional.of(g.asText());
        }
        return Optional.empty();
    }

    /** The local value of {@code node}; {@code what} names it in errors (e.g. "Environment.PHOTO_TABLE of ApiFunction"). */
    public String resolve(JsonNode node, String what) {
        return resolveRaw(node, what);
    }

    private String resolveRaw(JsonNode node, String what) {
        if (node == null || node.isNull()) throw new Unresolved(what + ": no value");
        if (node.isValueNode()) return node.asText();
        String bound = byValue.get(node);
        if (bound != null) return bound;
        if (node.isObject() && node.size() == 1) {
            String fn = node.fieldNames().next();
            JsonNode arg = node.get(fn);
            switch (fn) {
                case "Ref" -> {
                    return ref(arg.asText(), what);
                }
                case "Fn::GetAtt" -> {
                    String t = target(node).orElseThrow();
                    String v = byTarget.get(t);
                    if (v == null) throw unresolved(t.substring(0, t.indexOf('.')), t.substring(t.indexOf('.') + 1), what);
                    return v;
                }
                case "Fn::Join" -> {
                    List<String> parts = new ArrayList<>();
                    for (JsonNode p : arg.get(1)) parts.add(resolveRaw(p, what));
                    return String.join(arg.get(0).asText(), parts);
                }
                case "Fn::Select" -> {
                    List<String> list = list(arg.get(1), what);
                    int i = Integer.parseInt(resolveRaw(arg.get(0), what));
                    if (i < 0 || i >= list.size()) throw new Unresolved(what + ": Fn::Select index " + i + " of " + list);
                    return list.get(i);
                }
                case "Fn::Sub" -> {
                    String text = arg.isArray() ? arg.get(0).asText() : arg.asText();
                    JsonNode vars = arg.isArray() ? arg.get(1) : null;
                    Matcher m = SUB.matcher(text);
                    StringBuilder sb = new StringBuilder();
                    while (m.find()) {
                        String name = m.group(1);
                        String v;
                        if (vars != null && vars.has(name)) v = resolveRaw(vars.get(name), what);
                        else if (name.contains(".")) v = resolveRaw(getAtt(name), what);
                        else v = ref(name, what);
                        m.appendReplacement(sb, Matcher.quoteReplacement(v));
                    }
                    m.appendTail(sb);
                    return sb.toString();
                }
                default -> throw new Unresolved(what + ": " + fn + " is not something the rehearsal resolves");
            }
        }
        throw new Unresolved(what + ": cannot resolve " + node);
    }

    private static JsonNode getAtt(String dotted) {
        var n = gallery.core.Json.MAPPER.createObjectNode();
        var a = n.putArray("Fn::GetAtt");
        a.add(dotted.substring(0, dotted.indexOf('.')));
        a.add(dotted.substring(dotted.indexOf('.') + 1));
        return n;
    }

    private List<String> list(JsonNode node, String what) {
        if (node.isArray()) {
            List<String> out = new ArrayList<>();
            node.forEach(n -> out.add(resolveRaw(n, what)));
            return out;
        }
        if (node.isObject() && node.has("Fn::Split")) {
            JsonNode a = node.get("Fn::Split");
            return List.of(resolveRaw(a.get(1), what).split(Pattern.quote(a.get(0).asText()), -1));
        }
        throw new Unresolved(what + ": expected a list, found " + node);
    }

    private String ref(String name, String what) {
        switch (name) {
            case "AWS::Region" -> {
                return region;
            }
            case "AWS::AccountId" -> {
                return LambdaRuntime.ACCOUNT;
            }
            case "AWS::Partition" -> {
                return "aws";
            }
            case "AWS::URLSuffix" -> {
                return "amazonaws.com";
            }
            case "AWS::StackName" -> {
                return stackName;
            }
            default -> {
                String v = byTarget.get(name);
                if (v == null) throw unresolved(name, null, what);
                return v;
            }
        }
    }

    private Unresolved unresolved(String logicalId, String attribute, String what) {
        String type = template.path("Resources").path(logicalId).path("Type").asText("a parameter or unknown resource");
        return new Unresolved(what + " refers to " + (attribute == null ? "" : attribute + " of ") + logicalId + " (" + type
                + "), which the local stack has no counterpart for: bind it to one of the stack's outputs");
    }
}
