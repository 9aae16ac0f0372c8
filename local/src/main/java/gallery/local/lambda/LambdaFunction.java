package gallery.local.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/**
 * A deployed function: execution environments started when an invocation finds none idle (a cold
 * start), kept warm between invocations, at most {@code maxEnvironments} at once (further callers
 * wait, as a throttled event source would retry). Thread-safe.
 */
public final class LambdaFunction implements AutoCloseable {
    private final FunctionSpec spec;
    private final LambdaRuntime runtime;
    private final Semaphore slots;
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final List<ExecutionEnvironment> all = new ArrayList<>();
    private final List<Invocation.Result> coldStarts = new CopyOnWriteArrayList<>();
    private final Deque<String> requestIds = new ArrayDeque<>();
    private volatile boolean closed;

    public LambdaFunction(FunctionSpec spec, LambdaRuntime runtime, int maxEnvironments) {
        if (maxEnvironments < 1) throw new IllegalArgumentException(spec.name() + ": maxEnvironments " + maxEnvironments);
        this.spec = spec;
        this.runtime = runtime;
        this.slots = new Semaphore(maxEnvironments, true);
    }

    public FunctionSpec spec() {
        return spec;
    }

    /** Runs {@code event} (JSON) through the function and returns what the runtime answered. */
    public Invocation.Result invoke(byte[] event) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for an environment of " + spec.name(), e);
        }
        try {
            ExecutionEnvironment env;
            boolean cold = false;
            synchronized (this) {
                if (closed) throw new IllegalStateException(spec.name() + " is stopped");
                env = idle.pollFirst();
            }
            if (env == null) {
                cold = true;
                try {
                    env = ExecutionEnvironment.start(spec, runtime);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start " + spec.name() + ": " + e.getMessage(), e);
                }
                synchronized (this) {
                    all.add(env);
                }
            }
            Invocation.Result result = env.invoke(event);
            if (cold) coldStarts.add(result);
            synchronized (requestIds) {
                if (requestIds.size() == KEPT_REQUEST_IDS) requestIds.removeFirst();
                requestIds.addLast(result.requestId());
            }
            boolean keep;
            synchronized (this) {
                keep = env.alive() && !closed;
                if (keep) idle.addFirst(env);
                else all.remove(env);
            }
            if (!keep) env.close();
            return result;
        } finally {
            slots.release();
        }
    }

    /** The request ids of the latest invocations (at most {@value #KEPT_REQUEST_IDS}), oldest first: what the function's log lines name. */
    public List<String> requestIds() {
        synchronized (requestIds) {
            return List.copyOf(requestIds);
        }
    }

    private static final int KEPT_REQUEST_IDS = 1000;

    /** The first invocation of every environment started so far (their init and cold-start times). */
    public List<Invocation.Result> coldStarts() {
        return List.copyOf(coldStarts);
    }

    @Override
    public void close() {
        List<ExecutionEnvironment> envs;
        synchronized (this) {
            closed = true;
            envs = new ArrayList<>(all);
            all.clear();
            idle.clear();
        }
        envs.forEach(ExecutionEnvironment::close);
    }
}
