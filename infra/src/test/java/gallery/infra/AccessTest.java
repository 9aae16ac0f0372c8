package gallery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static gallery.infra.StorageTest.logicalId;
import static gallery.infra.SynthesizedGallery.firstTarget;
import static gallery.infra.SynthesizedGallery.list;
import static gallery.infra.SynthesizedGallery.resources;
import static gallery.infra.SynthesizedGallery.stack;
import static gallery.infra.SynthesizedGallery.target;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may do what: the API's auth, the user pool's rules, and each role's statements. */
class AccessTest {

    @Test
    void theHttpApiHasNoApiKeysAndEveryMemberApiRouteNeedsACognitoToken() {
        assertThat(resources("AWS::ApiGateway::ApiKey")).isEmpty();
        assertThat(resources("AWS::ApiGateway::UsagePlan")).isEmpty();
        Map<String, JsonNode> authorizers = resources("AWS::ApiGatewayV2::Authorizer");
        assertThat(authorizers).hasSize(1);
        JsonNode authorizer = authorizers.values().iterator().next().get("Properties");
        assertThat(authorizer.get("AuthorizerType").asText()).isEqualTo("JWT");
        assertThat(target(list(authorizer.at("/JwtConfiguration/Audience")).getFirst()))
                .isEqualTo(logicalId(stack().auth().webClient()));
        Map<String, JsonNode> routes = resources("AWS::ApiGatewayV2::Route");
        assertThat(routes.values()).extracting(r -> r.at("/Properties/RouteKey").asText())
                .containsExactlyInAnyOrder("POST /session", "DELETE /session", "ANY /api/{proxy+}", "GET /api/shared/{proxy+}");
        // The signer checks a bearer token and its user itself, and also takes a share link's id (Share <id>);
        // signing out only clears cookies; a shared album is read with the link id, checked by the api.
        // Every other API route is behind the JWT authorizer.
        routes.forEach((id, r) -> assertThat(r.at("/Properties/AuthorizationType").asText()).as(id)
                .isEqualTo(r.at("/Properties/RouteKey").asText().equals("ANY /api/{proxy+}") ? "JWT" : "NONE"));
    }

    /** Members make and revoke share links: the api may write the LINK partition of the index, and nothing else. */
    @Test
    void theApiWritesOnlyShareLinksAndTheSignerOnlyReadsTheIndex() {
        Map<String, JsonNode> policies = resources("AWS::IAM::Policy");
        List<JsonNode> writes = new java.util.ArrayList<>();
        for (JsonNode p : policies.values()) {
            for (JsonNode st : list(p.at("/Properties/PolicyDocument/Statement"))) {
                List<String> actions = st.get("Action").isArray() ? list(st.get("Action")).stream().map(JsonNode::asText).toList() : List.of(st.get("Action").asText());
                if (actions.contains("dynamodb:PutItem") && st.has("Condition")) writes.add(st);
            }
        }
        // Two conditioned writes in the stack, both the api's: share links here, its upload records (theApiWritesOnlyItsUploadRecords).
        assertThat(writes).hasSize(2);
        List<JsonNode> links = writes.stream().filter(st -> st.at("/Condition").has("ForAllValues:StringEquals")).toList();
        assertThat(links).singleElement().satisfies(st ->
                assertThat(st.at("/Condition/ForAllValues:StringEquals/dynamodb:LeadingKeys").toString()).isEqualTo("[\"LINK\"]"));
    }

    /** Both are fixed when the pool or client is made: a template test is the only place to catch them. */
    @Test
    void signInIgnoresCaseAndTheWebClientHasNoOAuthFlow() {
        JsonNode pool = resources("AWS::Cognito::UserPool").values().iterator().next().get("Properties");
        assertThat(pool.at("/UsernameConfiguration/CaseSensitive").isBoolean()).as("CaseSensitive is set").isTrue();
        assertThat(pool.at("/UsernameConfiguration/CaseSensitive").asBoolean()).isFalse();
        JsonNode client = resources("AWS::Cognito::UserPoolClient").values().iterator().next().get("Properties");
        assertThat(client.path("AllowedOAuthFlowsUserPoolClient").asBoolean(false)).isFalse();
        assertThat(client.has("AllowedOAuthFlows")).as("AllowedOAuthFlows").isFalse();
        assertThat(client.has("AllowedOAuthScopes")).as("AllowedOAuthScopes").isFalse();
        assertThat(client.has("CallbackURLs")).as("CallbackURLs").isFalse();
        assertThat(client.has("SupportedIdentityProviders") && client.toString().contains("example.com")).isFalse();
        assertThat(client.path("EnableTokenRevocation").asBoolean(false)).as("token revocation, for sign-out").isTrue();
    }

    @Test
    void onlyAnAdminCanAddUsers() {
        JsonNode pool = resources("AWS::Cognito::UserPool").values().iterator().next().get("Properties");
        assertThat(pool.at("/AdminCreateUserConfig/AllowAdminCreateUserOnly").asBoolean()).isTrue();
        assertThat(list(pool.get("Schema"))).extracting(a -> a.get("Name").asText() + "=" + a.get("Required").asBoolean())
                .contains("email=true", "name=true");
        JsonNode password = pool.at("/Policies/PasswordPolicy");
        assertThat(password.get("MinimumLength").asInt()).isGreaterThanOrEqualTo(12);
        JsonNode client = resources("AWS::Cognito::UserPoolClient").values().iterator().next().get("Properties");
        assertThat(client.path("GenerateSecret").asBoolean(false)).isFalse();
        assertThat(list(client.get("ExplicitAuthFlows"))).extracting(JsonNode::asText)
                .contains("ALLOW_USER_SRP_AUTH").doesNotContain("ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH");
        assertThat(resources("AWS::Cognito::UserPoolGroup").values())
                .extracting(g -> g.at("/Properties/GroupName").asText()).containsExactly(Auth.ADMIN_GROUP);
    }

    @Test
    void onlyTheSignerReadsTheSigningKeyParameterAndDecryptsItOnlyThroughParameterStore() {
        String parameter = stack().keys().parameterName();
        assertThat(parameter).isEqualTo("/" + stack().getStackName() + "/signing-key");
        List<String> readers = new ArrayList<>();
        List<String> decrypters = new ArrayList<>();
        resources("AWS::IAM::Policy").forEach((id, policy) -> {
            for (JsonNode s : statements(policy)) {
                List<String> actions = actions(s);
                if (actions.contains("ssm:GetParameter") || actions.stream().anyMatch(a -> a.startsWith("ssm:"))) {
                    assertThat(actions).as(id).containsExactly("ssm:GetParameter");
                    assertThat(s.get("Resource").toString()).as(id).contains(":parameter" + parameter + "\"");
                    list(policy.at("/Properties/Roles")).forEach(r -> readers.add(target(r)));
                }
                if (actions.stream().anyMatch(a -> a.startsWith("kms:"))) {
                    assertThat(actions).as(id).containsExactly("kms:Decrypt");
                    assertThat(s.at("/Condition/StringEquals/kms:ViaService").toString()).as(id).contains("ssm.");
                    assertThat(s.at("/Condition/StringEquals/kms:EncryptionContext:PARAMETER_ARN").toString()).as(id)
                            .contains(":parameter" + parameter + "\"");
                    list(policy.at("/Properties/Roles")).forEach(r -> decrypters.add(target(r)));
                }
            }
        });
        assertThat(readers).containsExactly(logicalId(stack().signer().role()));
        assertThat(decrypters).containsExactly(logicalId(stack().signer().role()));
        // No secret: the key is a SecureString the admin tool writes, never a template value.
        assertThat(resources("AWS::SecretsManager::Secret")).isEmpty();
        assertThat(resources("AWS::SSM::Parameter")).isEmpty();
    }

    @Test
    void onlyTheApiWritesOriginalsAndNoStatementIsAWildcard() {
        String originals = logicalId(stack().storage().originals());
        for (JavaFunction fn : functions()) {
            for (JsonNode s : statementsOf(fn)) {
                List<String> actions = actions(s);
                String resource = s.get("Resource").toString();
                assertThat(actions).as(fn.props().module()).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
                assertThat(resource).as(fn.props().module()).isNotEqualTo("\"*\"");
                if (resource.contains(originals) && fn != stack().http().galleryApi()) {
                    assertThat(actions).as(fn.props().module() + " on originals")
                            .allMatch(a -> a.equals("s3:GetObject") || a.equals("s3:GetObjectVersion") || a.equals("s3:ListBucket"));
                }
            }
        }
    }

    /**
     * Browser uploads: the API starts, lists, completes and aborts multipart uploads under photos/ and lists
     * names there (a free file name); it never reads or deletes an original, and touches nothing else in S3.
     */
    @Test
    void theApiMayUploadOriginalsAndNothingMoreInS3() {
        String originals = logicalId(stack().storage().originals());
        List<JsonNode> s3 = statementsOf(stack().http().galleryApi()).stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("s3:"))).toList();
        assertThat(s3).hasSize(2);
        JsonNode objects = s3.stream().filter(s -> actions(s).contains("s3:PutObject")).findFirst().orElseThrow();
        assertThat(actions(objects)).containsExactlyInAnyOrder("s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");
        assertThat(objects.get("Resource").toString()).contains(originals).contains("/photos/*");
        JsonNode listing = s3.stream().filter(s -> actions(s).contains("s3:ListBucket")).findFirst().orElseThrow();
        assertThat(actions(listing)).containsExactly("s3:ListBucket");
        assertThat(listing.get("Resource").toString()).contains(originals);
        assertThat(listing.at("/Condition/StringLike/s3:prefix").asText()).isEqualTo("photos/*");
    }

    /** The originals bucket lets the site's pages PUT parts (and read their ETag), set once the distribution exists. */
    @Test
    void theOriginalsBucketTakesBrowserPartsFromTheSiteOnly() {
        JsonNode cors = resources("Custom::AWS").values().stream()
                .filter(r -> r.at("/Properties/Create").toString().contains("putBucketCors")).findFirst().orElseThrow();
        String create = cors.at("/Properties/Create").toString();
        // one rule: the distribution's address as the only origin, PUT as the only method, the ETag readable
        String unescaped = create.replace("\\\"", "\"");
        assertThat(unescaped).contains(logicalId(stack().storage().originals())).contains(logicalId(stack().edge().distribution()))
                .contains("\"AllowedOrigins\":[\"https://\"").contains("\"AllowedMethods\":[\"PUT\"]").contains("\"ExposeHeaders\":[\"ETag\"]");
    }

    @Test
    void renditionsAreWrittenOnlyWhereEachFunctionMustWrite() {
        String derived = logicalId(stack().storage().derived());
        for (JavaFunction worker : List.of(stack().pipeline().render().function(), stack().pipeline().reprocess().function())) {
            assertThat(resourcesAllowing(worker, "s3:PutObject")).singleElement().asString()
                    .contains(derived).contains("/renditions/*");
        }
        assertThat(resourcesAllowing(stack().resizer(), "s3:PutObject")).singleElement().asString()
                .contains(derived).contains("/renditions/resized/*");
        // Only the pipeline cleans up renditions: ingest when a photo is deleted, a worker for what it
        // wrote for a photo deleted meanwhile.
        for (JavaFunction fn : functions()) {
            boolean deletes = !resourcesAllowing(fn, "s3:DeleteObject").isEmpty();
            boolean pipeline = fn == stack().pipeline().ingest().function()
                    || fn == stack().pipeline().render().function() || fn == stack().pipeline().reprocess().function();
            assertThat(deletes).as(fn.props().module()).isEqualTo(pipeline);
        }
    }

    @Test
    void theHttpFunctionsAndTheResizerOnlyReadTheIndex() {
        for (JavaFunction reader : List.of(stack().resizer(), stack().http().galleryApi(), stack().signer())) {
            for (JsonNode s : statementsOf(reader)) {
                // The api's write statements, each for its own items only: uploads in progress and content hashes
                // (UPLOAD#/HASH#), share links (the LINK partition); see theApiWritesOnly... below.
                if (reader == stack().http().galleryApi() && s.has("Condition")) continue;
                assertThat(actions(s)).as(reader.props().module())
                        .noneMatch(a -> a.equals("dynamodb:PutItem") || a.equals("dynamodb:UpdateItem")
                                || a.equals("dynamodb:DeleteItem") || a.equals("dynamodb:BatchWriteItem"));
            }
        }
        assertThat(statementsOf(stack().signer())).allSatisfy(s -> assertThat(actions(s)).noneMatch(a -> a.startsWith("s3:")));
    }

    /** The API's own records beside the photos (uploads in progress, content hashes): never a photo's item. */
    @Test
    void theApiWritesOnlyItsUploadRecords() {
        List<JsonNode> writes = statementsOf(stack().http().galleryApi()).stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("dynamodb:") && !PhotoIndexTable.READ_ACTIONS.contains(a)))
                .filter(s -> !s.at("/Condition").has("ForAllValues:StringEquals")) // share links: the test above
                .toList();
        assertThat(writes).singleElement().satisfies(s -> {
            assertThat(actions(s)).containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:DeleteItem");
            assertThat(list(s.at("/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys"))).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("UPLOAD#*", "HASH#*");
        });
    }

    @Test
    void theApiInvokesTheSignersAliasByReferenceAndNoFunctionHasAFixedName() {
        String alias = logicalId(stack().signer().alias());
        List<JsonNode> signerPermissions = resources("AWS::Lambda::Permission").values().stream()
                .filter(p -> firstTarget(p.at("/Properties/FunctionName")).equals(alias))
                .filter(p -> p.at("/Properties/Principal").asText().equals("apigateway.amazonaws.com"))
                .toList();
        assertThat(signerPermissions).hasSize(2);
        resources("AWS::Lambda::Function").forEach((id, f) ->
                assertThat(f.at("/Properties/FunctionName").isMissingNode()).as(id + " has a fixed name").isTrue());
    }

    private static List<String> resourcesAllowing(JavaFunction fn, String action) {
        return statementsOf(fn).stream().filter(s -> actions(s).contains(action))
                .flatMap(s -> list(s.get("Resource")).stream()).map(JsonNode::toString).toList();
    }

    private static List<String> actions(JsonNode statement) {
        return list(statement.get("Action")).stream().map(JsonNode::asText).toList();
    }

    private static List<JavaFunction> functions() {
        return List.of(stack().pipeline().ingest().function(), stack().pipeline().render().function(),
                stack().pipeline().reprocess().function(), stack().resizer(), stack().signer(), stack().http().galleryApi());
    }

    private static List<JsonNode> statementsOf(JavaFunction fn) {
        String role = logicalId(fn.role());
        List<JsonNode> out = new ArrayList<>();
        resources("AWS::IAM::Policy").forEach((id, policy) -> {
            if (list(policy.at("/Properties/Roles")).stream().anyMatch(r -> target(r).equals(role))) out.addAll(statements(policy));
        });
        assertThat(out).as(fn.props().module() + " has statements").isNotEmpty();
        return out;
    }

    private static List<JsonNode> statements(JsonNode policy) {
        return list(policy.at("/Properties/PolicyDocument/Statement"));
    }
}
