package gallery.infra;

import gallery.resize.ResizeConfig;
import gallery.signer.SignerConfig;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole gallery in one stack. Environment-agnostic (no account or region in the template, no
 * lookups), so {@code cdk synth} needs no AWS account; {@code cdk deploy} picks the account and
 * region from the caller's credentials.
 */
public final class GalleryStack extends Stack {
    private final Storage storage;
    private final PhotoIndexTable index;
    private final Auth auth;
    private final SigningKeys keys;
    private final Pipeline pipeline;
    private final HttpEndpoints http;
    private final JavaFunction resizer;
    private final JavaFunction signer;
    private final Edge edge;
    private final Monitoring monitoring;
    private final BackupKeyLimits backupKeys;

    public GalleryStack(Construct scope, String id, StackProps props, GallerySettings settings) {
        super(scope, id, props);
        LambdaJars jars = new LambdaJars(settings.projectRoot());

        this.storage = Storage.builder()
                .noncurrentVersionExpiration(software.amazon.awscdk.Duration.days(settings.noncurrentVersionDays()))
                .build(this, "Storage");
        this.index = new PhotoIndexTable(this, "Index");
        this.backupKeys = new BackupKeyLimits(this, "BackupKeys", storage.originals());
        this.auth = new Auth(this, "Auth");
        this.keys = new SigningKeys(this, "SigningKeys", settings.signingPublicKey(), settings.nextSigningPublicKey());
        LibvipsLayer libvips = new LibvipsLayer(this, "Libvips", settings.projectRoot());
        FfmpegLayer ffmpeg = new FfmpegLayer(this, "Ffmpeg", settings.projectRoot());

        this.pipeline = Pipeline.builder()
                .jars(jars).storage(storage).table(index.table()).libvips(libvips).ffmpeg(ffmpeg)
                .reserveConcurrency(settings.reserveConcurrency())
                .alarmEmail(settings.alarmEmail())
                .build(this, "Pipeline");

        this.http = HttpEndpoints.builder().jars(jars).storage(storage).index(index).auth(auth).build(this, "Http");

        Map<String, String> resizerEnv = ResizeConfig.environment(storage.originals().getBucketName(),
                storage.derived().getBucketName(), index.table().getTableName(), libvips.environment(FunctionSizing.RESIZER_MEMORY_MB));
        this.resizer = JavaFunction.builder()
                .jars(jars).module("on-demand-resizer").handler("gallery.resize.ResizeHandler")
                .memoryMb(FunctionSizing.RESIZER_MEMORY_MB).timeout(FunctionSizing.RESIZE_TIMEOUT)
                .environment(resizerEnv)
                .layers(List.<ILayerVersion>of(libvips.layer()))
                .reservedConcurrency(settings.reserveConcurrency() ? FunctionSizing.RESIZER_CONCURRENCY : null)
                .build(this, "Resizer");
        // It resizes from the renditions (the nearest larger size), from the original when none is
        // large enough; CloudFront caches its answers. It writes only results too large to answer
        // inline, under their own prefix.
        ObjectGrants.read(resizer.role(), storage.derived(), Pipeline.RENDITIONS_PREFIX);
        ObjectGrants.write(resizer.role(), storage.derived(), Pipeline.RESIZED_PREFIX);
        ObjectGrants.read(resizer.role(), storage.originals(), gallery.core.PhotoKey.PREFIX);
        PhotoIndexTable.grantRead(index.table(), resizer.role());
        // AWS_IAM: only requests CloudFront signs through Origin Access Control get in.
        FunctionUrl resizerUrl = resizer.alias().addFunctionUrl(FunctionUrlOptions.builder()
                .authType(FunctionUrlAuthType.AWS_IAM)
                .build());

        this.edge = Edge.builder().storage(storage).http(http).resizerUrl(resizerUrl).keys(keys).build(this, "Edge");
        storage.allowBrowserUploads(edge.siteUrl());
        // The OAC origin grants lambda:InvokeFunctionUrl on the function's unqualified ARN, and a
        // permission on the unqualified ARN does not cover a qualified one: name the alias the URL is on.
        for (IConstruct c : edge.getNode().findAll()) {
            if (c instanceof CfnPermission p && "lambda:InvokeFunctionUrl".equals(p.getAction())) {
                p.setFunctionName(resizer.alias().getFunctionArn());
            }
        }
        // Ingest and both workers delete derived objects (a removal, a replacement, an older preset's files)
        // and invalidate the distribution's copies of them, cached for a year under ?v= (gallery.index.CloudFrontInvalidation).
        for (Pipeline.Lane lane : List.of(pipeline.ingest(), pipeline.render(), pipeline.reprocess())) {
            lane.function().function().addEnvironment("DISTRIBUTION_ID", edge.distribution().getDistributionId());
            lane.function().role().addToPrincipalPolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                    .actions(List.of("cloudfront:CreateInvalidation"))
                    .resources(List.of(edge.distribution().getDistributionArn()))
                    .build());
        }
        // Function URLs created since October 2025 need lambda:InvokeFunction next to the
        // lambda:InvokeFunctionUrl that the OAC origin grants; both only for this distribution.
        resizer.alias().addPermission("InvokeFromDistribution", Permission.builder()
                .principal(new ServicePrincipal("cloudfront.amazonaws.com"))
                .action("lambda:InvokeFunction")
                .invokedViaFunctionUrl(true)
                .sourceArn(edge.distribution().getDistributionArn())
                .build());

        // The parameter holds {"keyId", "privateKey"}: the key id travels with the key it names.
        Map<String, String> signerEnv = SignerConfig.environment(HttpEndpoints.tokenEnvironment(auth), edge.siteUrl(),
                keys.parameterName(), index.table().getTableName(), Auth.ADMIN_GROUP);
        this.signer = JavaFunction.builder()
                .jars(jars).module("signer").handler("gallery.signer.SessionHandler")
                .memoryMb(FunctionSizing.HTTP_MEMORY_MB).timeout(FunctionSizing.HTTP_TIMEOUT)
                .environment(signerEnv)
                .build(this, "Signer");
        keys.grantRead(signer.role());
        // The album rules and share links decide which cookies a session gets.
        PhotoIndexTable.grantRead(index.table(), signer.role());
        http.addSigner(signer);

        new SiteContent(this, "Site", storage.web(), edge.distribution(), auth,
                settings.projectRoot().resolve("web/dist"));

        Map<String, JavaFunction> functions = new LinkedHashMap<>();
        for (Pipeline.Lane lane : pipeline.lanes()) functions.put(lane.function().getNode().getId(), lane.function());
        functions.put("Api", http.galleryApi());
        functions.put("Signer", signer);
        functions.put("Resizer", resizer);
        this.monitoring = new Monitoring(this, "Monitoring", pipeline, functions, pipeline.alarms());

        outputs();
    }

    /** What the admin tool reads (gallery.core.deploy.Deployment) and what a person opens. */
    private void outputs() {
        output("Region", getRegion());
        output("SiteUrl", edge.siteUrl());
        output("OriginalsBucket", storage.originals().getBucketName());
        output("DerivedBucket", storage.derived().getBucketName());
        output("WebBucket", storage.web().getBucketName());
        output("PhotoTable", index.table().getTableName());
        output("IngestQueueUrl", pipeline.ingest().queue().getQueueUrl());
        // One dead-letter queue for every lane (Pipeline says why); the Deployment names it for each lane.
        output("DeadLetterQueueUrl", pipeline.deadLetters().getQueueUrl());
        output("RenderQueueUrl", pipeline.render().queue().getQueueUrl());
        output("ReprocessQueueUrl", pipeline.reprocess().queue().getQueueUrl());
        output("VideoQueueUrl", pipeline.video().queue().getQueueUrl());
        output("DistributionId", edge.distribution().getDistributionId());
        output("UserPoolId", auth.pool().getUserPoolId());
        output("UserPoolClientId", auth.webClient().getUserPoolClientId());
        output("SigningKeyParameter", keys.parameterName());
        output("SigningKeyId", keys.currentKeyId());
        keys.nextKeyId().ifPresent(id -> output("NextSigningKeyId", id));
        output("AlarmTopicArn", pipeline.alarms().getTopicArn());
        output("Deployment", toJsonString(deployment()));
        output("BackupKeyBoundaryArn", backupKeys.boundary().getManagedPolicyArn());
        output("BackupKeyAdminPolicyArn", backupKeys.admin().getManagedPolicyArn());
    }

    /**
     * The {@link gallery.core.deploy.Deployment} JSON the admin tool takes ({@code --deployment FILE}):
     * the same fields the local stack writes to endpoints.json, without endpoints or credentials
     * (AWS defaults and the caller's own credentials apply).
     */
    /** The Deployment output's extra field naming the CloudFront Function the admin tool publishes rules to. */
    public static final String EDGE_ACCESS_FUNCTION = "edgeAccessFunction";

    Map<String, Object> deployment() {
        Map<String, Object> queues = new LinkedHashMap<>();
        queues.put("ingest", pipeline.ingest().queue().getQueueUrl());
        queues.put("ingestDlq", pipeline.ingest().deadLetters().getQueueUrl());
        queues.put("render", pipeline.render().queue().getQueueUrl());
        queues.put("renderDlq", pipeline.render().deadLetters().getQueueUrl());
        queues.put("reprocess", pipeline.reprocess().queue().getQueueUrl());
        queues.put("reprocessDlq", pipeline.reprocess().deadLetters().getQueueUrl());
        queues.put("video", pipeline.video().queue().getQueueUrl());
        queues.put("videoDlq", pipeline.video().deadLetters().getQueueUrl());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("region", getRegion());
        d.put("originalsBucket", storage.originals().getBucketName());
        d.put("derivedBucket", storage.derived().getBucketName());
        d.put("webBucket", storage.web().getBucketName());
        d.put("photoTable", index.table().getTableName());
        d.put("queues", queues);
        d.put("userPoolId", auth.pool().getUserPoolId());
        d.put("userPoolClientId", auth.webClient().getUserPoolClientId());
        // Read by the admin tool beside the Deployment record: where `albums publish` puts the album rules.
        d.put(EDGE_ACCESS_FUNCTION, edge.accessFunction().getFunctionName());
        return d;
    }

    private void output(String name, String value) {
        CfnOutput.Builder.create(this, name).value(value).build();
    }

    public Storage storage() { return storage; }
    BackupKeyLimits backupKeys() { return backupKeys; }
    public PhotoIndexTable index() { return index; }
    public Auth auth() { return auth; }
    public SigningKeys keys() { return keys; }
    public Pipeline pipeline() { return pipeline; }
    public HttpEndpoints http() { return http; }
    public JavaFunction resizer() { return resizer; }
    public JavaFunction signer() { return signer; }
    public Edge edge() { return edge; }
    public Monitoring monitoring() { return monitoring; }
}
