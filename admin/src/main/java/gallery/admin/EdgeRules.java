package gallery.admin;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.AlbumAccess;
import gallery.core.Json;
import gallery.core.edge.AccessLabels;
import gallery.core.edge.EdgeAccess;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.FunctionRuntime;
import software.amazon.awssdk.services.cloudfront.model.FunctionStage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts the album rules where the edge checks access labels. Locally the edge reads them from the index
 * (within a second); in AWS they are the code of the stack's CloudFront Function, published here
 * (update, then publish to LIVE: every edge location has it within a few minutes).
 */
final class EdgeRules {
    /** The Deployment file's extra field naming the function (infra GalleryStack.EDGE_ACCESS_FUNCTION). */
    static final String FUNCTION_FIELD = "edgeAccessFunction";

    private EdgeRules() {
    }

    /** @return what was done, for the admin to read */
    static String publish(Target target, Clients clients, AlbumAccess access) {
        if (target.isLocal()) return "the local edge reads the rules from the index within a second";
        String name = functionName(target.deploymentFile());
        String code = new EdgeAccess(AccessLabels.edgeRules(access)).functionSource(EdgeAccess.acceptBlock());
        CloudFrontClient cf = clients.cloudFront();
        String etag = cf.describeFunction(r -> r.name(name).stage(FunctionStage.DEVELOPMENT)).eTag();
        String updated = cf.updateFunction(r -> r.name(name).ifMatch(etag).functionCode(SdkBytes.fromUtf8String(code))
                .functionConfig(c -> c.runtime(FunctionRuntime.CLOUDFRONT_JS_2_0)
                        .comment("Checks access labels against album rules (gallery.core.edge.EdgeAccess); admin albums publish"))).eTag();
        cf.publishFunction(r -> r.name(name).ifMatch(updated));
        return "published " + access.rules().size() + " rule(s) to CloudFront Function " + name + " (live at every edge within minutes)";
    }

    static String functionName(Path deploymentFile) {
        try {
            JsonNode field = Json.MAPPER.readTree(Files.readString(deploymentFile)).get(FUNCTION_FIELD);
            if (field == null || field.asText().isBlank()) {
                throw new ConfigProblem(deploymentFile + " has no " + FUNCTION_FIELD + ": save the Deployment output of a stack deployed with this version");
            }
            return field.asText();
        } catch (IOException e) {
            throw new ConfigProblem("cannot read " + deploymentFile + ": " + e.getMessage(), e);
        }
    }
}
