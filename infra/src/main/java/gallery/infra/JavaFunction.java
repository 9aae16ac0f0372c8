package gallery.infra;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One of the gallery's Java functions, the same way every time: Java 21 on arm64 (Graviton costs
 * about 20% less per GB-second), SnapStart on published versions, invoked only through the
 * {@value #ALIAS} alias (SnapStart applies to versions, never to {@code $LATEST}), its own role
 * with nothing but writing its own log group until a caller grants more, and logs kept a month
 * as JSON lines.
 */
public final class JavaFunction extends Construct {
    public static final String ALIAS = "live";

    private final Function function;
    private final Alias alias;
    private final Role role;
    private final Props props;

    public JavaFunction(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.handler + ": its own grants only")
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(Monitoring.LOG_RETENTION)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // An explicit log group and role instead of AWSLambdaBasicExecutionRole: that managed policy
        // lets a function create and write any log group in the account.
        logs.grantWrite(role);
        Function.Builder b = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(props.handler)
                .code(props.jars.code(props.module))
                .memorySize(props.memoryMb)
                .timeout(props.timeout)
                .environment(props.environment)
                .layers(props.layers)
                .role(role)
                .logGroup(logs)
                // JSON lines: the bundles' log4j2 appender writes Lambda's JSON format when Lambda says so
                // (AWS_LAMBDA_LOG_FORMAT), and the platform's own lines come as JSON too.
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .description(props.module + " (" + props.handler + ")");
        if (props.reservedConcurrency != null) b.reservedConcurrentExecutions(props.reservedConcurrency);
        this.function = b.build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "published: the alias below points at the current version, and everything invokes the alias");
        // SnapStart runs the handler's constructor (and its priming) when a version is published;
        // the version depends on the function, which CDK makes depend on the role and its policy.
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    public Function function() {
        return function;
    }

    /** What callers invoke and event sources attach to. */
    public Alias alias() {
        return alias;
    }

    public Role role() {
        return role;
    }

    public Duration timeout() {
        return props.timeout;
    }

    public int memoryMb() {
        return props.memoryMb;
    }

    public Props props() {
        return props;
    }

    public static Builder builder() {
        return new Builder();
    }

    public record Props(LambdaJars jars, String module, String handler, int memoryMb, Duration timeout,
                        Map<String, String> environment, List<ILayerVersion> layers, Integer reservedConcurrency) {
        public Props {
            Objects.requireNonNull(jars, "jars");
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(timeout, "timeout");
            environment = Map.copyOf(environment);
            layers = List.copyOf(layers);
            if (memoryMb < 128 || memoryMb > 10240) {
                throw new IllegalArgumentException(module + ": memory must be 128..10240 MB, got " + memoryMb);
            }
        }
    }

    public static final class Builder {
        private LambdaJars jars;
        private String module;
        private String handler;
        private int memoryMb;
        private Duration timeout;
        private Map<String, String> environment = Map.of();
        private List<ILayerVersion> layers = List.of();
        private Integer reservedConcurrency;

        public Builder jars(LambdaJars jars) { this.jars = jars; return this; }
        public Builder module(String module) { this.module = module; return this; }
        public Builder handler(String handler) { this.handler = handler; return this; }
        public Builder memoryMb(int memoryMb) { this.memoryMb = memoryMb; return this; }
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        public Builder environment(Map<String, String> environment) { this.environment = environment; return this; }
        public Builder layers(List<ILayerVersion> layers) { this.layers = layers; return this; }
        /** {@code null}: share the account's unreserved pool. */
        public Builder reservedConcurrency(Integer reservedConcurrency) { this.reservedConcurrency = reservedConcurrency; return this; }

        public JavaFunction build(Construct scope, String id) {
            return new JavaFunction(scope, id, new Props(jars, module, handler, memoryMb, timeout, environment,
                    layers, reservedConcurrency));
        }
    }
}
