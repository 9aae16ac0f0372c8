package gallery.core.telemetry;

import gallery.core.deploy.Lane;
import org.slf4j.MDC;


/**
 * What every log line of an invocation carries, as SLF4J MDC entries: the request id, and where
 * there is one the lane, the job (the SQS message id) and the photo key. Set by the plumbing that
 * every handler goes through (lambda-support's {@code SqsBatch} for queues and {@code HttpEvent} for
 * the HTTP handlers), never by the domain code. In a Lambda bundle the log4j2 provider
 * (lambda-logging) writes each entry as a field of the JSON line; the local stack's slf4j-simple
 * ignores them.
 */
public final class LogContext implements AutoCloseable {
    /** The key AWS's log4j2 appender library and Lambda's Java runtime use for the request id. */
    public static final String REQUEST_ID = "AWSRequestId";
    public static final String LANE = "lane";
    public static final String JOB = "job";
    public static final String PHOTO_KEY = "photoKey";

    private final String[] keys;

    private LogContext(String... keys) {
        this.keys = keys;
    }

    /**
     * One invocation: its request id (null when the local stack calls a handler in-process) and, for a
     * queue consumer, its lane. Closing removes everything this class set.
     */
    public static LogContext invocation(String requestId, Lane lane) {
        if (requestId != null) MDC.put(REQUEST_ID, requestId);
        if (lane != null) MDC.put(LANE, lane.label());
        return new LogContext(REQUEST_ID, LANE, JOB, PHOTO_KEY);
    }

    /** One item of a batch: the message that carried it and the photo it is about (either may be null). */
    public static LogContext item(String job, String photoKey) {
        if (job != null) MDC.put(JOB, job);
        if (photoKey != null) MDC.put(PHOTO_KEY, photoKey);
        return new LogContext(JOB, PHOTO_KEY);
    }

    /** The photo a request is about, once the plumbing has parsed it (removed with the invocation). */
    public static void photo(String photoKey) {
        if (photoKey != null) MDC.put(PHOTO_KEY, photoKey);
    }

    @Override
    public void close() {
        for (String key : keys) MDC.remove(key);
    }
}
