package gallery.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.lambda.InvocationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs in a JVM whose class path is the ingest bundle (and this class): Lambda's no-argument
 * constructor, then one batch holding the {@code s3:TestEvent} S3 sends when a notification is
 * saved, sent 2.5 s earlier, under request id {@code args[0]}. No AWS call is made: a test event is
 * acknowledged. {@link BundleTelemetryIT} reads what it prints.
 */
public final class BundleMain {
    private BundleMain() {
    }

    public static void main(String[] args) {
        IngestHandler handler = new IngestHandler();
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("msg-1");
        m.setBody("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2024-07-14T09:21:07.512Z\","
                + "\"Bucket\":\"originals\",\"RequestId\":\"R1\",\"HostId\":\"H1\"}");
        m.setAttributes(Map.of("SentTimestamp", Long.toString(System.currentTimeMillis() - 2500), "ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));
        int failures = handler.handleRequest(event, new InvocationContext("ingest", args[0], "us-east-1", Duration.ofSeconds(30))).getBatchItemFailures().size();
        if (failures != 0) throw new IllegalStateException("a test event must be acknowledged, got " + failures + " failures");
    }
}
