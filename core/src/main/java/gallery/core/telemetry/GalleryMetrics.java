package gallery.core.telemetry;

import gallery.core.deploy.Lane;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gallery's operational metrics, written as CloudWatch Embedded Metric Format lines by AWS
 * Powertools' metrics module: one JSON line on stdout per event, which CloudWatch Logs turns into
 * metrics (no PutMetricData call, no added latency). Names and dimensions are constants here, so the
 * dashboard and alarms in infra/ name the same metrics the functions write.
 * <p>
 * Only a Lambda function writes them ({@link #forThisProcess()}: {@code AWS_LAMBDA_FUNCTION_NAME} is
 * set). The local stack runs the handlers in-process for a person to read, so there the metrics are
 * off; its log lines already say what happened.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
public final class GalleryMetrics {
    public static final String NAMESPACE = "Gallery";

    /** How long a message waited in its queue before a function took it (SQS {@code SentTimestamp}); dimension {@link #LANE}. */
    public static final String QUEUE_AGE = "QueueAge";
    /** Download-to-index time of one photo's renditions; dimension {@link #LANE}. */
    public static final String RENDER_TIME = "RenderTime";
    /** Bytes of one rendition; dimension {@link #SIZE} (the preset size, e.g. 1024). */
    public static final String RENDITION_BYTES = "RenditionBytes";
    /** A photo refused (it becomes a FAILED row); dimension {@link #REASON}. */
    public static final String REFUSED = "Refused";
    /** Time of one on-demand resize, source read included; dimension {@link #SOURCE}. */
    public static final String RESIZE_TIME = "ResizeTime";

    public static final String LANE = "Lane";
    public static final String SIZE = "Size";
    public static final String REASON = "Reason";
    public static final String SOURCE = "Source";

    private static final GalleryMetrics OFF = new GalleryMetrics(null);
    private static volatile GalleryMetrics process;

    private final Metrics metrics;

    private GalleryMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Written in a Lambda function, off elsewhere; decided once per process. */
    public static GalleryMetrics forThisProcess() {
        GalleryMetrics m = process;
        if (m == null) {
            synchronized (GalleryMetrics.class) {
                if (process == null) process = System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null ? OFF : toStdout();
                m = process;
            }
        }
        return m;
    }

    /** Metrics that write nothing. */
    public static GalleryMetrics off() {
        return OFF;
    }

    /**
     * EMF lines on stdout, as in Lambda, wherever this runs. Outside Lambda the EMF library would
     * otherwise probe for an EC2 or ECS host and a CloudWatch agent; its "Local" environment is
     * stdout and nothing else.
     */
    public static GalleryMetrics toStdout() {
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null) {
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        }
        Metrics m = MetricsFactory.getMetricsInstance();
        m.setNamespace(NAMESPACE);
        // No "Service" dimension: each metric is kept under exactly the dimension named above.
        m.clearDefaultDimensions();
        return new GalleryMetrics(m);
    }

    public boolean enabled() {
        return metrics != null;
    }

    public void queueAge(Lane lane, Duration age) {
        emit(LANE, lane.label(), m -> m.addMetric(QUEUE_AGE, age.toMillis(), MetricUnit.MILLISECONDS));
    }

    /** One photo rendered on {@code lane}: the time it took and the bytes of each size. */
    public void rendered(Lane lane, Duration took, Map<Integer, Long> bytesBySize) {
        emit(LANE, lane.label(), m -> m.addMetric(RENDER_TIME, took.toMillis(), MetricUnit.MILLISECONDS));
        bytesBySize.forEach((size, bytes) ->
                emit(SIZE, Integer.toString(size), m -> m.addMetric(RENDITION_BYTES, bytes, MetricUnit.BYTES)));
    }

    /** A photo refused, with a short reason (a {@code BadImage.Reason}, lower case). */
    public void refused(String reason) {
        emit(REASON, reason, m -> m.addMetric(REFUSED, 1, MetricUnit.COUNT));
    }

    /** An on-demand resize from {@code source} ({@code rendition} or {@code original}). */
    public void resized(String source, Duration took) {
        emit(SOURCE, source, m -> m.addMetric(RESIZE_TIME, took.toMillis(), MetricUnit.MILLISECONDS));
    }

    /** One EMF line: one dimension, the metrics {@code add} puts, and the request id and photo key as properties. */
    private void emit(String dimension, String value, Consumer<Metrics> add) {
        if (metrics == null) return;
        metrics.flushMetrics(m -> {
            // Replaces the EMF library's defaults (LogGroup, ServiceName, ServiceType) too.
            m.setDefaultDimensions(DimensionSet.of(dimension, value));
            add.accept(m);
            String requestId = org.slf4j.MDC.get(LogContext.REQUEST_ID);
            if (requestId != null) m.addMetadata("requestId", requestId);
            String photo = org.slf4j.MDC.get(LogContext.PHOTO_KEY);
            if (photo != null) m.addMetadata(LogContext.PHOTO_KEY, photo);
        });
    }
}
