package gallery.local.deployed;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.deploy.Deployment;
import gallery.core.routes.OriginKind;
import gallery.core.routes.Routes;
import gallery.local.LambdaPoller;
import gallery.local.edge.LambdaOrigin;
import gallery.local.edge.Origin;
import gallery.local.lambda.FunctionLogs;
import gallery.local.lambda.FunctionSpec;
import gallery.local.lambda.Invocation;
import gallery.local.lambda.LambdaEvents;
import gallery.local.lambda.LambdaFunction;
import gallery.local.lambda.LambdaRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The deploy rehearsal: every Java function of a synthesized stack, run as Lambda runs it (see
 * {@link LambdaRuntime}), with its configuration taken from the template: code asset, handler,
 * memory, timeout, layers and environment, the environment's CloudFormation values resolved to the
 * local stack's names and endpoints ({@link TemplateValues}). What invokes each function comes from
 * the template too: its SQS event source mapping (batch size, maximum concurrency, partial batch
 * responses) becomes a {@link LambdaPoller} lane, its HTTP API routes or function URL an edge origin.
 */
public final class DeployedFunctions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeployedFunctions.class);
    /**
     * What the stack's outputs and attributes are on the local stack.
     *
     * @param deployment    buckets, table, queues, endpoints, credentials, user pool
     * @param siteUrl       the edge ({@code SiteUrl})
     * @param cognitoIssuer the user pool's issuer ({@code ProviderURL})
     * @param signingKeyId  the current CloudFront key id ({@code SigningKeyId})
     * @param signingSecret the signing key parameter's current value
     */
    public record LocalStackValues(Deployment deployment, String siteUrl, String cognitoIssuer, String signingKeyId,
                                   Supplier<String> signingSecret) {
    }

    /** The lane an SQS-triggered function serves and how its event source polls. */
    public record Lane(gallery.core.deploy.Lane queue, LambdaFunction function, LambdaPoller.Settings settings, boolean reportsItemFailures) {
    }

    private final CloudAssembly assembly;
    private final Map<String, LambdaFunction> functions;
    private final List<Lane> lanes;
    private final Map<OriginKind, Origin> origins;
    private final LocalSecrets secrets;
    private final LambdaRuntime runtime;
    private final LocalStackValues localValues;

    private DeployedFunctions(CloudAssembly assembly, Map<String, LambdaFunction> functions, List<Lane> lanes,
                              Map<OriginKind, Origin> origins, LocalSecrets secrets, LambdaRuntime runtime, LocalStackValues localValues) {
        this.runtime = runtime;
        this.localValues = localValues;
        this.assembly = assembly;
        this.functions = functions;
        this.lanes = lanes;
        this.origins = origins;
        this.secrets = secrets;
    }

    /**
     * Reads every Java function and trigger of {@code assembly} and prepares them; no JVM starts
     * until a function is first invoked (a cold start, as in Lambda). Fails naming every value the
     * local stack cannot supply and every reserved variable a function sets.
     */
    public static DeployedFunctions prepare(CloudAssembly assembly, LocalStackValues local, LambdaRuntime runtime, LayerTwins twins)
            throws IOException {
        Deployment d = local.deployment();
        // The parameter's name is the template's own (a literal: the stack names it, the admin tool fills it in).
        String parameter = new TemplateValues(assembly.template(), d.region(), assembly.stackName()).output("SigningKeyParameter")
                .map(com.fasterxml.jackson.databind.JsonNode::asText)
                .orElseThrow(() -> new IllegalArgumentException("the template has no output SigningKeyParameter"));
        LocalSecrets secrets = new LocalSecrets(Map.of(parameter, local.signingSecret()));
        try {
            TemplateValues values = values(assembly, local);
            Map<String, String> localEnv = localEnvironment(d, secrets.endpoint());
            Map<String, LambdaFunction> functions = new LinkedHashMap<>();
            Map<String, Integer> caps = localConcurrency(assembly);
            List<String> problems = new ArrayList<>();
            for (CloudAssembly.Function f : assembly.functions()) {
                if (!f.isJava()) continue;
                try {
                    FunctionSpec spec = spec(assembly, f, values, localEnv, twins);
                    functions.put(f.logicalId(), new LambdaFunction(spec, runtime, caps.getOrDefault(f.logicalId(), 1)));
                } catch (TemplateValues.Unresolved | IllegalStateException e) {
                    problems.add(e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the stack cannot run as deployed:\n  " + String.join("\n  ", problems));
            }
            List<Lane> lanes = lanes(assembly, values, functions);
            Map<OriginKind, Origin> origins = origins(assembly, functions);
            return new DeployedFunctions(assembly, functions, lanes, origins, secrets, runtime, local);
        } catch (RuntimeException | Error e) {
            secrets.close();
            throw e;
        }
    }

    private static TemplateValues values(CloudAssembly assembly, LocalStackValues local) {
        Deployment d = local.deployment();
        Deployment.Queues q = d.queues();
        TemplateValues values = new TemplateValues(assembly.template(), d.region(), assembly.stackName())
                .bindOutput("OriginalsBucket", d.originalsBucket())
                .bindOutput("DerivedBucket", d.derivedBucket())
                .bindOutput("WebBucket", d.webBucket())
                .bindOutput("PhotoTable", d.photoTable())
                .bindOutput("IngestQueueUrl", q.ingest())
                // The stack's lanes share one dead-letter queue; the local stack keeps one per lane, and no
                // function reads a dead-letter queue, so the shared one stands for the ingest lane's here.
                .bindOutput("DeadLetterQueueUrl", q.ingestDlq())
                .bindOutput("RenderQueueUrl", q.render())
                .bindOutput("ReprocessQueueUrl", q.reprocess())
                .bindOutput("VideoQueueUrl", q.video())
                // The local edge caches nothing, so there is nothing to invalidate: an empty
                // DISTRIBUTION_ID is CloudFrontInvalidation's "none", as in the in-process stack.
                .bindOutput("DistributionId", "")
                .bindOutput("UserPoolId", d.userPoolId())
                .bindOutput("UserPoolClientId", d.userPoolClientId())
                .bindOutput("SiteUrl", local.siteUrl())
                .bindOutput("SigningKeyId", local.signingKeyId());
        // The issuer is an attribute of the pool, not an output: https://cognito-idp.<region>.amazonaws.com/<pool id> in AWS.
        values.outputResource("UserPoolId").ifPresent(pool -> values.bindAttribute(pool, "ProviderURL", local.cognitoIssuer()));
        return values;
    }

    /**
     * What Lambda's environment has that the template does not say: credentials (the role's, in
     * AWS) and, only here, where each service is. Parameter Store is {@link LocalSecrets}.
     */
    private static Map<String, String> localEnvironment(Deployment d, URI secrets) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", d.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", d.secretAccessKey());
        // No AWS_SESSION_TOKEN, unlike a role's credentials: S3Proxy answers 501 to X-Amz-Security-Token.
        // The rehearsal found that on its first run.
        Deployment.Endpoints e = d.endpoints();
        env.put("AWS_ENDPOINT_URL_S3", e.s3().toString());
        env.put("AWS_ENDPOINT_URL_SQS", e.sqs().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", e.dynamodb().toString());
        if (e.cognito() != null) env.put("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", e.cognito().toString());
        env.put(gallery.auth.ParameterStore.ENDPOINT_VARIABLE, secrets.toString());
        return env;
    }

    private static FunctionSpec spec(CloudAssembly assembly, CloudAssembly.Function f, TemplateValues values,
                                     Map<String, String> localEnv, LayerTwins twins) {
        if (f.handler() == null) throw new IllegalStateException(f.logicalId() + ": no Handler");
        if (f.code() == null) throw new IllegalStateException(f.logicalId() + ": no aws:asset:path metadata: its code is not a file asset of the assembly");
        Map<String, String> env = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : f.environment().entrySet()) {
            if (LambdaRuntime.RESERVED.contains(e.getKey())) {
                problems.add(f.logicalId() + ": Environment." + e.getKey() + " is reserved; Lambda refuses the function");
                continue;
            }
            try {
                env.put(e.getKey(), values.resolve(e.getValue(), "Environment." + e.getKey() + " of " + f.logicalId()));
            } catch (TemplateValues.Unresolved u) {
                problems.add(u.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new IllegalStateException(String.join("\n  ", problems));
        List<java.nio.file.Path> layers = new ArrayList<>();
        for (JsonNode ref : f.layers()) {
            LayerTwins.Twin twin = twins.forLayer(assembly.layer(ref));
            LOG.info("{}: layer {} from {}", f.logicalId(), ref, twin.note());
            layers.add(twin.content());
        }
        return new FunctionSpec(f.logicalId(), f.handler(), f.memoryMb(), f.timeout(), f.code(), layers, env, localEnv,
                f.logFormat(), f.reservedConcurrency());
    }

    /**
     * Execution environments per function on this machine: the event source's maximum concurrency
     * or the reserved concurrency, capped at the local lane's (two cores are not AWS's fleet).
     */
    private static Map<String, Integer> localConcurrency(CloudAssembly assembly) {
        Map<String, Integer> caps = new LinkedHashMap<>();
        for (CloudAssembly.Function f : assembly.functions()) {
            int aws = f.reservedConcurrency() != null ? f.reservedConcurrency() : Integer.MAX_VALUE;
            caps.put(f.logicalId(), Math.max(1, Math.min(aws, 2)));
        }
        return caps;
    }

    private static List<Lane> lanes(CloudAssembly assembly, TemplateValues values, Map<String, LambdaFunction> functions) {
        Map<String, gallery.core.deploy.Lane> queues = new LinkedHashMap<>();
        values.outputResource("IngestQueueUrl").ifPresent(id -> queues.put(id, gallery.core.deploy.Lane.INGEST));
        values.outputResource("RenderQueueUrl").ifPresent(id -> queues.put(id, gallery.core.deploy.Lane.RENDER));
        values.outputResource("ReprocessQueueUrl").ifPresent(id -> queues.put(id, gallery.core.deploy.Lane.REPROCESS));
        values.outputResource("VideoQueueUrl").ifPresent(id -> queues.put(id, gallery.core.deploy.Lane.VIDEO));
        List<Lane> lanes = new ArrayList<>();
        for (CloudAssembly.QueueTrigger t : assembly.queueTriggers()) {
            gallery.core.deploy.Lane queue = queues.get(t.queue());
            LambdaFunction fn = functions.get(t.function());
            if (queue == null || fn == null) {
                throw new IllegalStateException("event source " + t + ": the queue or the function has no local counterpart");
            }
            LambdaPoller.Settings lane = LambdaPoller.Settings.of(queue);
            int concurrency = Math.min(lane.concurrency(), t.maximumConcurrency() == null ? Integer.MAX_VALUE : t.maximumConcurrency());
            LambdaPoller.Settings settings = lane.withBatchSize(Math.min(10, t.batchSize())).withConcurrency(concurrency)
                    .withTimeout(fn.spec().timeout());
            lanes.add(new Lane(queue, fn, settings, t.reportsItemFailures()));
        }
        return lanes;
    }

    private static Map<OriginKind, Origin> origins(CloudAssembly assembly, Map<String, LambdaFunction> functions) {
        Map<OriginKind, List<CloudAssembly.HttpRoute>> byOrigin = new EnumMap<>(OriginKind.class);
        for (CloudAssembly.HttpRoute r : assembly.httpRoutes()) {
            OriginKind kind = Routes.match(HttpRoutes.samplePath(r.routeKey())).origin();
            byOrigin.computeIfAbsent(kind, k -> new ArrayList<>()).add(r);
        }
        Map<OriginKind, Origin> origins = new EnumMap<>(OriginKind.class);
        byOrigin.forEach((kind, routes) -> origins.put(kind, new HttpRoutes(routes, functions)));
        // CloudFront's /resize/* origin is the function URL (the only one in the stack).
        for (String fn : assembly.functionUrls()) {
            LambdaFunction f = functions.get(fn);
            if (f == null) throw new IllegalStateException("function URL of " + fn + ": not a Java function of the stack");
            origins.put(OriginKind.RESIZER, new LambdaOrigin(event -> HttpRoutes.invoke(f, event, "$default", Map.of())));
        }
        return origins;
    }

    /** What the local stack's values are, for preparing another copy of the functions (tests that break the template). */
    public LocalStackValues localValues() {
        return localValues;
    }

    public List<Lane> lanes() {
        return lanes;
    }

    /** The function behind an edge origin (signer, api, resizer), as API Gateway or the function URL calls it. */
    public Optional<Origin> origin(OriginKind kind) {
        return Optional.ofNullable(origins.get(kind));
    }

    public Map<String, LambdaFunction> functions() {
        return functions;
    }

    /** Where the functions' log lines went. */
    public FunctionLogs logs() {
        return runtime.logs();
    }

    public CloudAssembly assembly() {
        return assembly;
    }

    /** An SQS handler that runs each batch through the function's runtime, as Lambda's event source does. */
    public static RequestHandler<SQSEvent, SQSBatchResponse> sqsHandler(Lane lane) {
        return new RequestHandler<>() {
            @Override
            public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
                Invocation.Result r = lane.function().invoke(LambdaEvents.sqs(event));
                // A function error fails the whole batch: every message comes back after its visibility timeout.
                if (!r.ok()) throw new FunctionError(lane.function().spec().name() + ": " + r.describe());
                // Without ReportBatchItemFailures Lambda ignores the response and deletes the whole batch.
                return lane.reportsItemFailures() ? LambdaEvents.sqsBatchResponse(r.payload()) : new SQSBatchResponse(List.of());
            }
        };
    }

    /** A function's error, as the event source sees it. */
    public static final class FunctionError extends RuntimeException {
        FunctionError(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        functions.values().forEach(LambdaFunction::close);
        secrets.close();
    }
}
