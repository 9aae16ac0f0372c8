package gallery.infra;

import gallery.core.routes.Route;
import gallery.core.routes.Routes;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionAttributes;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * distribution needs this API's address: a cycle. So the API integrates the signer by a name fixed
 * here ({@link #signerFunctionName()}), and the stack creates the signer after the distribution
 * under that name ({@link #bindSigner}).
 */
public final class HttpEndpoints extends Construct {
    /** A family's browsing is a few requests a second; this caps what a leaked token can cost. */
    static final int RATE_LIMIT = 50;
    static final int BURST_LIMIT = 100;

    private final HttpApi api;
    private final JavaFunction galleryApi;
    private final String signerFunctionName;
    private final IFunction signerReference;
    private final List<HttpRoute> sessionRoutes;
    private final HttpRoute signOutRoute;

    public HttpEndpoints(Construct scope, String id, Props props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        this.signerFunctionName = stack.getStackName() + "-signer";

        Map<String, String> env = new LinkedHashMap<>(tokenEnvironment(props.auth));
        env.put("ORIGINALS_BUCKET", props.storage.originals().getBucketName());
        env.put("PHOTO_TABLE", props.index.table().getTableName());
        this.galleryApi = JavaFunction.builder()
                .jars(props.jars).module("api").handler("gallery.api.ApiHandler")
                .memoryMb(FunctionSizing.HTTP_MEMORY_MB).timeout(FunctionSizing.HTTP_TIMEOUT)
                .environment(env)
                .build(this, "ApiFunction");
        props.index.table().grantReadData(galleryApi.role());

        this.api = HttpApi.Builder.create(this, "Api")
                .description("family photo gallery: session (signer) and gallery API, behind CloudFront")
                .defaultAuthorizer(new HttpUserPoolAuthorizer("Users", props.auth.pool(),
                        HttpUserPoolAuthorizerProps.builder().userPoolClients(List.of(props.auth.webClient())).build()))
                .build();

        String signerArn = stack.formatArn(ArnComponents.builder()
                .service("lambda").resource("function")
                .resourceName(signerFunctionName + ":" + JavaFunction.ALIAS)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        this.signerReference = Function.fromFunctionAttributes(this, "SignerByName", FunctionAttributes.builder()
                .functionArn(signerArn).sameEnvironment(true).build());
        HttpLambdaIntegration signerIntegration = new HttpLambdaIntegration("Signer", signerReference);
        this.sessionRoutes = new ArrayList<>(api.addRoutes(AddRoutesOptions.builder()
                .path(apiPath(Routes.SESSION))
                .methods(List.of(HttpMethod.POST))
                .integration(signerIntegration)
                .build()));
        // Signing out only clears cookies, and a browser whose token has expired must still be able to.
        this.signOutRoute = api.addRoutes(AddRoutesOptions.builder()
                .path(apiPath(Routes.SESSION))
                .methods(List.of(HttpMethod.DELETE))
                .integration(signerIntegration)
                .authorizer(new HttpNoneAuthorizer())
                .build()).getFirst();
        sessionRoutes.add(signOutRoute);
        api.addRoutes(AddRoutesOptions.builder()
                .path(apiPath(Routes.API))
                .methods(List.of(HttpMethod.ANY))
                .integration(new HttpLambdaIntegration("Gallery", galleryApi.alias()))
                .build());

        LogGroup accessLog = LogGroup.Builder.create(this, "AccessLog")
                .retention(RetentionDays.ONE_MONTH)
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
        Map<String, String> env = new LinkedHashMap<>();
        env.put("COGNITO_ISSUER", auth.issuer());
        env.put("COGNITO_JWKS_URL", auth.jwksUrl());
        env.put("COGNITO_CLIENT_ID", auth.webClient().getUserPoolClientId());
        env.put("ADMIN_GROUP", Auth.ADMIN_GROUP);
        return env;
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
     * Makes the API's permission to invoke the signer wait for the signer: the permission names
     * the function by ARN, so CloudFormation would otherwise not know to create the function first.
     */
    public void bindSigner(JavaFunction signer) {
        if (!Objects.equals(signer.props().functionName(), signerFunctionName)) {
            throw new IllegalArgumentException("the signer must be named " + signerFunctionName
                    + ", found " + signer.props().functionName());
        }
        for (HttpRoute route : sessionRoutes) route.getNode().addDependency(signer.alias());
    }

    /** {@code DELETE /session}, the one route without the JWT authorizer. */
    public HttpRoute signOutRoute() {
        return signOutRoute;
    }

    public String signerFunctionName() {
        return signerFunctionName;
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
