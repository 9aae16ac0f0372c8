package gallery.hardening;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Breaks a handler's S3 and DynamoDB clients on purpose, from inside the SDK (an execution
 * interceptor, not a fake service: every call still goes to the real emulator unless it is one of
 * the faulted ones). Per HTTP attempt, while armed, every {@code period}-th attempt is one of:
 * <ul>
 *   <li>{@link Kind#RESET}: the connection "resets" before the request is sent (it never arrives);</li>
 *   <li>{@link Kind#ERROR}: the request is served, but the answer is replaced by the service's own
 *       throttling/internal error (S3 503 SlowDown, DynamoDB 500 InternalServerError), so the
 *       caller cannot know whether its write happened: the hard case for idempotency;</li>
 *   <li>{@link Kind#SLOW}: the request waits before it is sent.</li>
 * </ul>
 * The kinds can be narrowed (a dead-letter test wants every attempt to fail). Faults stop after a budget, so a run ends the same way every time. Hooks run an action once
 * when a matching call completes (a delete in the middle of a render).
 */
final class FaultInjector implements ExecutionInterceptor {
    enum Kind { RESET, ERROR, SLOW }

    private static final ExecutionAttribute<Kind> FAULT = new ExecutionAttribute<>("injected-fault");

    private volatile int period;
    private volatile Predicate<String> target = op -> true;
    private volatile Kind[] kinds = Kind.values();
    private final AtomicInteger budget = new AtomicInteger();
    private final AtomicLong attempts = new AtomicLong();
    private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Hook> hooks = new CopyOnWriteArrayList<>();
    private final long slowMillis;

    /** One action, run once, after the first call matching {@code when} ("S3 GetObject <key>") completes. */
    private record Hook(Predicate<String> when, Consumer<String> action, AtomicInteger fired) {
    }

    FaultInjector(long slowMillis) {
        this.slowMillis = slowMillis;
    }

    /** Faults every {@code period}-th attempt of calls matching {@code target} until {@code faults} have been injected. */
    void arm(int period, int faults, Predicate<String> target, Kind... kinds) {
        this.kinds = kinds.length == 0 ? Kind.values() : kinds.clone();
        this.target = target;
        this.period = period;
        budget.set(faults);
    }

    void disarm() {
        budget.set(0);
    }

    /** Adds a hook; the returned counter says whether it fired (a scenario whose hook never fired tested nothing). */
    AtomicInteger hook(Predicate<String> when, Consumer<String> action) {
        Hook h = new Hook(when, action, new AtomicInteger());
        hooks.add(h);
        return h.fired();
    }

    /** Injected faults by "service operation kind". */
    Map<String, Integer> injected() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        injected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Attempts seen by service (the SDK names them "S3" and "DynamoDb"). */
    Map<String, Integer> seen() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        seen.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    int injectedTotal() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    static String call(ExecutionAttributes a, SdkRequest request) {
        // S3 requests name their object in "Key" (a string); DynamoDB's "Key" is a map of attributes.
        String key = request.getValueForField("Key", Object.class).filter(String.class::isInstance).map(String.class::cast).orElse("");
        // ingest's ranged read of a header and the worker's whole download are told apart by the range
        boolean ranged = request.getValueForField("Range", Object.class).isPresent();
        return a.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " " + a.getAttribute(SdkExecutionAttribute.OPERATION_NAME)
                + (key.isEmpty() ? "" : " " + key) + (ranged ? " (ranged)" : "");
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(FAULT, null);
        String call = call(attributes, context.request());
        seen.computeIfAbsent(call.split(" ")[0], k -> new AtomicInteger()).incrementAndGet();
        if (period <= 0 || !target.test(call)) return;
        long n = attempts.incrementAndGet();
        if (n % period != 0) return;
        if (budget.getAndUpdate(b -> b > 0 ? b - 1 : 0) <= 0) return;
        Kind[] allowed = kinds;
        Kind kind = allowed[(int) ((n / period) % allowed.length)];
        injected.computeIfAbsent(call.split(" ")[0] + " " + call.split(" ")[1] + " " + kind, k -> new AtomicInteger()).incrementAndGet();
        switch (kind) {
            case RESET -> throw SdkClientException.create("injected fault: connection reset before " + call,
                    new IOException("Connection reset (injected)"));
            case SLOW -> Pipeline.sleep(slowMillis);
            case ERROR -> attributes.putAttribute(FAULT, Kind.ERROR);
        }
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(FAULT) != Kind.ERROR) return context.httpResponse();
        boolean s3 = "S3".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        return context.httpResponse().toBuilder()
                .statusCode(s3 ? 503 : 500).statusText(s3 ? "Slow Down" : "Internal Server Error")
                .removeHeader("Content-Length").removeHeader("ETag").removeHeader("Content-Range")
                .putHeader("Content-Type", s3 ? "application/xml" : "application/x-amz-json-1.0")
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(FAULT) != Kind.ERROR) return context.responseBody();
        boolean s3 = "S3".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        String body = s3
                ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate. (injected)</Message></Error>"
                : "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error (injected)\"}";
        return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String call = call(attributes, context.request());
        for (Hook h : hooks) {
            if (h.when().test(call) && h.fired().compareAndSet(0, 1)) h.action().accept(call);
        }
    }
}
