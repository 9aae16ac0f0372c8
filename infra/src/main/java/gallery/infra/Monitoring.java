package gallery.infra;

import gallery.core.telemetry.GalleryMetrics;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator looks at: one dashboard (queues, functions, and the gallery's own metrics from
 * {@link GalleryMetrics}) and alarms on the functions' errors and throttles and on the age of the
 * oldest message of the lanes a person waits for, sent to the pipeline's alarm topic beside the
 * dead-letter alarms. Every metric an alarm reads is a standing charge ({@code StandingCharges}).
 * Also gives every function the stack did not make itself (CDK's custom-resource handlers) a log
 * group with a retention, so no log group is created on first write and kept forever.
 */
public final class Monitoring extends Construct {
    /** How long logs are kept: a month is enough to look back at an incident, and costs little. */
    static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;
    static final Duration PERIOD = Duration.minutes(5);

    private final Dashboard dashboard;
    private final List<Alarm> alarms = new ArrayList<>();

    public Monitoring(Construct scope, String id, Pipeline pipeline, Map<String, JavaFunction> functions, ITopic topic) {
        super(scope, id);
        // CloudWatch bills every metric an alarm reads ($0.10 a month each, a math expression per metric
        // in it), idle or not: a pair per function and one per lane would be ~$1.50 of an idle month that is
        // otherwise storage. So: the account's Lambda Errors (every function of the region: the stack expects
        // an account of its own, docs/deploy.md), and one alarm on the two lanes a person waits for, each
        // measured against its own limit. Failed messages page through the one dead-letter alarm (Pipeline).
        // Throttles are on the dashboard, not alarmed ($0.10 of the $6 goal): the lanes cannot be throttled (their
        // event sources stop polling below the reserved concurrency), the resizer's reserve is its deliberate cap,
        // and a lane slowed by the account's limit shows in the oldest-message alarm.
        alarm("FunctionErrors", accountLambda("Errors"), 0,
                "a gallery function threw or timed out: its log group has the JSON line (AWSRequestId, photoKey)");
        Map<String, IMetric> waiting = new LinkedHashMap<>();
        StringBuilder worst = new StringBuilder();
        for (Pipeline.Lane lane : List.of(pipeline.ingest(), pipeline.render())) {
            String metricId = "age" + waiting.size();
            waiting.put(metricId, lane.queue().metricApproximateAgeOfOldestMessage(MetricOptions.builder()
                    .period(PERIOD).statistic("Maximum").build()));
            worst.append(worst.isEmpty() ? "" : ", ").append(metricId).append(" / ").append(oldestMessageLimit(lane, pipeline).toSeconds());
        }
        alarm("OldestMessage", MathExpression.Builder.create()
                        .expression("MAX([" + worst + "])").usingMetrics(waiting).period(PERIOD)
                        .label("oldest message age / its lane's limit").build(), 1,
                "a photo has waited longer than " + oldestMessageLimit(pipeline.ingest(), pipeline).toHumanString()
                        + " to be ingested or " + oldestMessageLimit(pipeline.render(), pipeline).toHumanString()
                        + " to be rendered: the lane is stuck or too small");
        for (Alarm a : alarms) a.addAlarmAction(new SnsAction(topic));

        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .defaultInterval(Duration.days(1))
                .widgets(List.of(rows(pipeline, functions)))
                .build();

        Aspects.of(Stack.of(this)).add(new LogGroupForEveryFunction());
    }

    /** Uploads must show up within minutes; a full reprocess may queue for hours at its small concurrency. */
    static Duration oldestMessageLimit(Pipeline.Lane lane, Pipeline pipeline) {
        if (lane == pipeline.ingest()) return Duration.minutes(15);
        if (lane == pipeline.render()) return Duration.hours(1);
        return Duration.hours(24);
    }

    /** A Lambda metric over every function of the account and region (no dimension). */
    private static Metric accountLambda(String name) {
        return Metric.Builder.create().namespace("AWS/Lambda").metricName(name).statistic("Sum").period(PERIOD).build();
    }

    private void alarm(String id, IMetric metric, double threshold, String description) {
        alarms.add(Alarm.Builder.create(this, id).metric(metric)
                .alarmDescription(description)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private static MetricOptions sum(String label) {
        return MetricOptions.builder().label(label).period(PERIOD).statistic("Sum").build();
    }

    private List<IWidget> rows(Pipeline pipeline, Map<String, JavaFunction> functions) {
        List<IWidget> w = new ArrayList<>();
        w.add(TextWidget.Builder.create().width(24).height(1)
                .markdown("**Gallery** — queues, functions, renders; logs are JSON (filter on `photoKey` or `AWSRequestId`)").build());
        List<IMetric> depth = new ArrayList<>();
        List<IMetric> oldest = new ArrayList<>();
        for (Pipeline.Lane lane : pipeline.lanes()) {
            String name = lane.function().getNode().getId();
            depth.add(lane.queue().metricApproximateNumberOfMessagesVisible(MetricOptions.builder().label(name).period(PERIOD).statistic("Maximum").build()));
            oldest.add(lane.queue().metricApproximateAgeOfOldestMessage(MetricOptions.builder().label(name).period(PERIOD).statistic("Maximum").build()));
        }
        // One queue for every lane's dead letters; `admin status` counts them by lane.
        List<IMetric> dead = List.of(pipeline.deadLetters().metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().label("all lanes").period(PERIOD).statistic("Maximum").build()));
        w.add(graph("Messages waiting", depth));
        w.add(graph("Age of the oldest message (s)", oldest));
        w.add(graph("Dead letters", dead));
        w.add(graph("Time in queue (ms, p90)", List.of(search(GalleryMetrics.QUEUE_AGE, GalleryMetrics.LANE, "p90"))));

        Map<String, List<IMetric>> perFunction = new LinkedHashMap<>();
        for (Map.Entry<String, JavaFunction> f : functions.entrySet()) {
            var fn = f.getValue().function();
            perFunction.computeIfAbsent("Errors", k -> new ArrayList<>()).add(fn.metricErrors(sum(f.getKey())));
            perFunction.computeIfAbsent("Throttles", k -> new ArrayList<>()).add(fn.metricThrottles(sum(f.getKey())));
            perFunction.computeIfAbsent("Duration (ms, p90)", k -> new ArrayList<>()).add(fn.metricDuration(
                    MetricOptions.builder().label(f.getKey()).period(PERIOD).statistic("p90").build()));
        }
        perFunction.forEach((title, metrics) -> w.add(graph(title, metrics)));

        w.add(graph("Render time (ms, p90)", List.of(search(GalleryMetrics.RENDER_TIME, GalleryMetrics.LANE, "p90"))));
        w.add(graph("Rendition bytes by size (average)", List.of(search(GalleryMetrics.RENDITION_BYTES, GalleryMetrics.SIZE, "Average"))));
        w.add(graph("Refused photos by reason", List.of(search(GalleryMetrics.REFUSED, GalleryMetrics.REASON, "Sum"))));
        w.add(graph("On-demand resize time by source (ms, p90)", List.of(search(GalleryMetrics.RESIZE_TIME, GalleryMetrics.SOURCE, "p90"))));
        return w;
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).width(8).height(6).left(metrics).build();
    }

    /** Every value of the gallery metric {@code name}, one line per value of its one dimension. */
    private static MathExpression search(String name, String dimension, String statistic) {
        return MathExpression.Builder.create()
                .expression("SEARCH('{" + GalleryMetrics.NAMESPACE + "," + dimension + "} MetricName=\"" + name + "\"', '"
                        + statistic + "', " + PERIOD.toSeconds().intValue() + ")")
                .label(name)
                .period(PERIOD)
                .build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    /**
     * A function without its own log group (CDK's custom-resource handlers: bucket notifications,
     * the web deployment) gets one with {@link #LOG_RETENTION}; Lambda would otherwise create one that
     * never expires.
     */
    private static final class LogGroupForEveryFunction implements IAspect {
        @Override
        public void visit(IConstruct node) {
            // CDK's bucket-notifications handler is a plain CfnResource of the function type
            if (node instanceof CfnResource r && !(node instanceof CfnFunction)
                    && "AWS::Lambda::Function".equals(r.getCfnResourceType())) {
                if (r.getNode().getScope().getNode().tryFindChild(r.getNode().getId() + "Logs") != null) return; // visited before
                LogGroup logs = LogGroup.Builder.create((Construct) r.getNode().getScope(), r.getNode().getId() + "Logs")
                        .retention(LOG_RETENTION)
                        .removalPolicy(RemovalPolicy.DESTROY)
                        .build();
                r.addPropertyOverride("LoggingConfig.LogGroup", logs.getLogGroupName());
                return;
            }
            if (!(node instanceof CfnFunction fn)) return;
            Object config = fn.getLoggingConfig();
            if (config instanceof CfnFunction.LoggingConfigProperty p && p.getLogGroup() != null) return;
            if (config != null && !(config instanceof CfnFunction.LoggingConfigProperty)) return; // a token: set elsewhere
            Construct scope = (Construct) fn.getNode().getScope();
            LogGroup logs = LogGroup.Builder.create(scope, fn.getNode().getId() + "Logs")
                    .retention(LOG_RETENTION)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            fn.setLoggingConfig(CfnFunction.LoggingConfigProperty.builder().logGroup(logs.getLogGroupName()).build());
        }
    }
}
