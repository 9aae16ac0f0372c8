package gallery.infra;

import gallery.api.ApiConfig;
import gallery.api.UploadConfig;
import gallery.core.PhotoKey;
import gallery.index.BrowserUploads;
import gallery.auth.CognitoConfig;
import gallery.core.routes.Route;
import gallery.core.routes.Routes;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP API (API Gateway v2) behind CloudFront's {@code /session} and {@code /api/*}: the signer
 * and the gallery API, both behind a JWT authorizer for the user pool, so a request without a
 * valid access token never reaches a function; only {@code DELETE /session} (it clears cookies,
 * grants nothing) goes without, so a browser whose token expired can still sign out. The functions
 * check the token again, and the user with the pool. HTTP APIs have no API keys.
 * <p>
 * The signer needs the distribution's address (its cookie policy covers the site), and the
 * distribution needs this API's address. That is no cycle in CloudFormation: the distribution
 * needs the API resource only, not its routes, so the stack creates the signer after the
 * distribution and then adds its {@code /session} routes here ({@link #addSigner}).
 */
public final class HttpEndpoints extends Construct {
    /** A family's browsing is a few requests a second; this caps what a leaked token can cost. */
    static final int RATE_LIMIT = 50;
    static final int BURST_LIMIT = 100;

    private final HttpApi api;
    private final JavaFunction galleryApi;
    private HttpRoute signOutRoute;
    private HttpRoute sharedRoute;
    private HttpRoute sessionRoute;
    /** The photo index partition of share links ({@code gallery.index.PhotoTable.LINK_PK}). */
    static final String SHARE_LINK_PARTITION = gallery.index.ShareLinks.PARTITION;
    /** {@code GET /api/shared/<link id>}: more specific than {@code /api/{proxy+}}, so API Gateway picks it. */
    static final String SHARED_PATH = "/api/shared/{proxy+}";

    public HttpEndpoints(Construct scope, String id, Props props) {
        super(scope, id);
        Map<String, String> env = new java.util.LinkedHashMap<>(
                ApiConfig.environment(props.index.table().getTableName(), tokenEnvironment(props.auth), Auth.ADMIN_GROUP));
        env.putAll(UploadConfig.environment(props.storage.originals().getBucketName()));
        this.galleryApi = JavaFunction.builder()
                .jars(props.jars).module("api").handler("gallery.api.ApiHandler")
                .memoryMb(FunctionSizing.HTTP_MEMORY_MB).timeout(FunctionSizing.HTTP_TIMEOUT)
                .environment(env)
                .build(this, "ApiFunction");
        PhotoIndexTable.grantRead(props.index.table(), galleryApi.role());
        // Browser uploads: the API writes only its own records (uploads in progress, content hashes), never a photo's,
        // and starts, completes and aborts multipart uploads of originals; the browser sends the bytes to S3.
        PhotoIndexTable.grantItemWrites(props.index.table(), galleryApi.role(), List.of(BrowserUploads.UPLOAD_PREFIX, BrowserUploads.HASH_PREFIX));
        ObjectGrants.multipartUploads(galleryApi.role(), props.storage.originals(), PhotoKey.PREFIX);
        // Members make and revoke share links: item writes in the LINK partition only, never a photo row.
        galleryApi.role().addToPrincipalPolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem", "dynamodb:UpdateItem"))
                .resources(List.of(props.index.table().getTableArn()))
                .conditions(Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(SHARE_LINK_PARTITION))))
                .build());

        this.api = HttpApi.Builder.create(this, "Api")
                .description("family photo gallery: session (signer) and gallery API, behind CloudFront")
                .defaultAuthorizer(new HttpUserPoolAuthorizer("Users", props.auth.pool(),
                        HttpUserPoolAuthorizerProps.builder().userPoolClients(List.of(props.auth.webClient())).build()))
                .build();

        HttpLambdaIntegration gallery = new HttpLambdaIntegration("Gallery", galleryApi.alias());
        api.addRoutes(AddRoutesOptions.builder()
                .path(apiPath(Routes.API))
                .methods(List.of(HttpMethod.ANY))
                .integration(gallery)
                .build());
        // A share link's album is read with no account: the link id is the credential, checked by the api.
        this.sharedRoute = api.addRoutes(AddRoutesOptions.builder()
                .path(SHARED_PATH)
                .methods(List.of(HttpMethod.GET))
                .integration(gallery)
                .authorizer(new HttpNoneAuthorizer())
                .build()).getFirst();

        LogGroup accessLog = LogGroup.Builder.create(this, "AccessLog")
                .retention(Monitoring.LOG_RETENTION)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        CfnStage stage = (CfnStage) Objects.requireNonNull(api.getDefaultStage()).getNode().getDefaultChild();
        stage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLog.getLogGroupArn())
                .format("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                        + "\"time\":\"$context.requestTime\",\"method\":\"$context.httpMethod\","
                        + "\"path\":\"$context.path\",\"status\":\"$context.status\","
                        + "\"user\":\"$context.authorizer.claims.username\",\"error\":\"$context.authorizer.error\"}")
                .build());
        stage.setDefaultRouteSettings(CfnStage.RouteSettingsProperty.builder()
                .throttlingRateLimit(RATE_LIMIT)
                .throttlingBurstLimit(BURST_LIMIT)
                .build());
    }

    /** The token-checking part of the environment, shared by the signer and the api. */
    static Map<String, String> tokenEnvironment(Auth auth) {
        return CognitoConfig.environment(auth.issuer(), auth.jwksUrl(), auth.webClient().getUserPoolClientId());
    }

    /** A CloudFront path pattern as an HTTP API route: {@code /api/*} becomes {@code /api/{proxy+}}. */
    static String apiPath(Route route) {
        String p = route.pathPattern();
        if (p.endsWith("/*")) return p.substring(0, p.length() - 1) + "{proxy+}";
        if (p.contains("*") || p.contains("?")) {
            throw new IllegalArgumentException("route " + p + " has no HTTP API equivalent: expected a literal path or '/<prefix>/*'");
        }
        return p;
    }

    /**
     * Routes {@code POST /session} and {@code DELETE /session} to the signer's alias (created after the
     * distribution), behind no authorizer: the signer checks a bearer token itself (and the user with the
     * pool), and {@code POST} also takes {@code Authorization: Share <link id>}, which a JWT authorizer would
     * refuse; signing out only clears cookies, and a browser whose token has expired must still be able to.
     */
    public void addSigner(JavaFunction signer) {
        HttpLambdaIntegration integration = new HttpLambdaIntegration("Signer", signer.alias());
        this.sessionRoute = api.addRoutes(AddRoutesOptions.builder()
                .path(apiPath(Routes.SESSION))
                .methods(List.of(HttpMethod.POST))
                .integration(integration)
                .authorizer(new HttpNoneAuthorizer())
                .build()).getFirst();
        this.signOutRoute = api.addRoutes(AddRoutesOptions.builder()
                .path(apiPath(Routes.SESSION))
                .methods(List.of(HttpMethod.DELETE))
                .integration(integration)
                .authorizer(new HttpNoneAuthorizer())
                .build()).getFirst();
    }

    /** {@code POST /session}, without the JWT authorizer (set by {@link #addSigner}). */
    public HttpRoute sessionRoute() {
        return java.util.Objects.requireNonNull(sessionRoute, "addSigner has not been called");
    }

    /** {@code GET /api/shared/{proxy+}}, without the JWT authorizer. */
    public HttpRoute sharedRoute() {
        return sharedRoute;
    }

    /** {@code DELETE /session}, without the JWT authorizer (set by {@link #addSigner}). */
    public HttpRoute signOutRoute() {
        return java.util.Objects.requireNonNull(signOutRoute, "addSigner has not been called");
    }

    public HttpApi api() {
        return api;
    }

    public JavaFunction galleryApi() {
        return galleryApi;
    }

    /** The API's host name, for a CloudFront origin. */
    public String domainName() {
        return api.getApiId() + ".execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX;
    }

    public static Builder builder() {
        return new Builder();
    }

    public record Props(LambdaJars jars, Storage storage, PhotoIndexTable index, Auth auth) {
        public Props {
            Objects.requireNonNull(jars, "jars");
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(auth, "auth");
        }
    }

    public static final class Builder {
        private LambdaJars jars;
        private Storage storage;
        private PhotoIndexTable index;
        private Auth auth;

        public Builder jars(LambdaJars jars) { this.jars = jars; return this; }
        public Builder storage(Storage storage) { this.storage = storage; return this; }
        public Builder index(PhotoIndexTable index) { this.index = index; return this; }
        public Builder auth(Auth auth) { this.auth = auth; return this; }

        public HttpEndpoints build(Construct scope, String id) {
            return new HttpEndpoints(scope, id, new Props(jars, storage, index, auth));
        }
    }
}
