package gallery.local.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution environment: a JVM of its own running AWS's runtime interface client against a
 * {@link RuntimeApi}, with the function's code unpacked as {@code LAMBDA_TASK_ROOT}, its layers as
 * {@code /opt}, and nothing in its environment but what Lambda and the function's configuration put
 * there. It runs one invocation at a time, as Lambda's do. A timeout or a crash ends it; the
 * function starts a new one for the next invocation (a cold start, as in Lambda).
 */
final class ExecutionEnvironment implements AutoCloseable {
    /**
     * How long the runtime may take to start. Lambda gives the init phase 10 s and then retries it
     * inside the first invocation's timeout; a JVM on two cores shared with a whole local stack
     * (and builds) can take longer than that without anything being wrong with the function, so
     * here init is bounded on its own and the invocation's timeout runs from when the runtime takes
     * the event. The init time is reported (REPORT's Init Duration) so a slow init is still seen.
     */
    static final Duration INIT_ALLOWANCE = Duration.ofSeconds(120);
    /** SLF4J 2 says this when no provider is on the classpath, and then drops every log line. */
    static final String SLF4J_NO_PROVIDER = "No SLF4J providers were found";
    private static final int LOG_LINES_KEPT = 200;

    private final FunctionSpec spec;
    private final LambdaRuntime runtime;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final RuntimeApi api;
    private final Process process;
    private final long startedNanos;
    private final Deque<String> recentLines = new ArrayDeque<>();
    private final CompletableFuture<Void> outputClosed = new CompletableFuture<>();
    private volatile long lastLineNanos = System.nanoTime();
    private volatile boolean noLoggingProvider;
    private volatile long initNanos = -1;
    private boolean firstInvocationDone;
    private volatile boolean dead;
    private final Path tmp;

    private ExecutionEnvironment(FunctionSpec spec, LambdaRuntime runtime) throws IOException {
        this.spec = spec;
        this.runtime = runtime;
        this.api = new RuntimeApi();
        LambdaRuntime.Prepared prepared = runtime.prepare(spec);
        Path tmp = Files.createDirectories(runtime.workDir().resolve("tmp").resolve(spec.name() + "-" + id));
        ProcessBuilder pb = new ProcessBuilder(command(prepared, tmp)).directory(prepared.taskRoot().toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(runtime.environment(spec, prepared, api.address(), logStream()));
        this.startedNanos = System.nanoTime();
        this.tmp = tmp;
        this.process = pb.start();
        api.init.thenRun(() -> initNanos = System.nanoTime() - startedNanos);
        Thread.ofPlatform().daemon().name("lambda-" + spec.name() + "-" + id + "-out").start(this::readOutput);
    }

    static ExecutionEnvironment start(FunctionSpec spec, LambdaRuntime runtime) throws IOException {
        return new ExecutionEnvironment(spec, runtime);
    }

    private List<String> command(LambdaRuntime.Prepared prepared, Path tmp) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(runtime.java().toString());
        cmd.addAll(runtime.jvmOptions(spec.memoryMb(), tmp));
        cmd.add("-classpath");
        cmd.add(runtime.classpath());
        cmd.add(LambdaRuntime.MAIN_CLASS);
        cmd.add(spec.handler());
        return cmd;
    }

    String logStream() {
        return "local/[$LATEST]" + id;
    }

    /**
     * Runs one invocation: waits for the runtime to take the event (on a first invocation, the end
     * of its init), then for its answer until the function's timeout, and reports an init error, a
     * timeout or a crash as Lambda would.
     */
    synchronized Invocation.Result invoke(byte[] event) {
        if (dead) throw new IllegalStateException("environment " + id + " of " + spec.name() + " has ended");
        String requestId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        CompletableFuture<Long> pickedUp = new CompletableFuture<>();
        CompletableFuture<RuntimeApi.Outcome> outcome = new CompletableFuture<>();
        api.submit(new RuntimeApi.Invocation(requestId, event, spec.timeout().toMillis(), runtime.functionArn(spec), pickedUp, outcome));
        CompletableFuture<RuntimeApi.Outcome> initFailed = api.init.thenCompose(i -> i.failed() ? CompletableFuture.completedFuture(i) : new CompletableFuture<>());
        Invocation.Result result;
        try {
            Object first = CompletableFuture.anyOf(pickedUp, initFailed, process.onExit()).get(INIT_ALLOWANCE.toMillis(), TimeUnit.MILLISECONDS);
            if (first instanceof RuntimeApi.Outcome init) {
                awaitOutput();
                result = Invocation.Result.error(requestId, Invocation.Phase.INIT, init.errorType(), init.errorMessage(), tail());
                end();
            } else if (first instanceof Process) {
                result = exited(requestId);
            } else {
                Object second = CompletableFuture.anyOf(outcome, process.onExit()).get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (second instanceof RuntimeApi.Outcome o) {
                    result = o.failed() ? Invocation.Result.error(requestId, Invocation.Phase.INVOKE, o.errorType(), o.errorMessage(), tail())
                            : Invocation.Result.ok(requestId, o.payload());
                } else {
                    result = exited(requestId);
                }
            }
        } catch (TimeoutException e) {
            boolean initDone = pickedUp.isDone();
            result = Invocation.Result.error(requestId, initDone ? Invocation.Phase.INVOKE : Invocation.Phase.INIT, "Sandbox.Timedout",
                    initDone ? "Task timed out after " + spec.timeout().toMillis() / 1000.0 + " seconds"
                            : "the runtime did not start within " + INIT_ALLOWANCE.toSeconds() + " seconds", tail());
            end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end();
            throw new IllegalStateException("interrupted while " + spec.name() + " ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            api.forget(requestId);
        }
        if (!firstInvocationDone) {
            // The provider warning is printed when the first logger is made, in init or in this
            // first invocation; let the output reader catch up before judging.
            awaitQuietOutput();
            firstInvocationDone = true;
        }
        if (noLoggingProvider && result.ok()) {
            result = Invocation.Result.error(requestId, Invocation.Phase.INIT, "Rehearsal.NoLoggingProvider",
                    spec.name() + ": the bundle has no SLF4J provider, so every log line of the function is dropped"
                            + " (SLF4J printed \"" + SLF4J_NO_PROVIDER + "\"): add one to the bundle", tail());
        }
        long elapsed = System.nanoTime() - started;
        runtime.logs().line(spec.name(), id, report(result, elapsed));
        return result.withTimes(elapsed, initNanos, initNanos < 0 ? -1 : System.nanoTime() - startedNanos);
    }

    private Invocation.Result exited(String requestId) {
        awaitOutput();
        Invocation.Result r = Invocation.Result.error(requestId, api.init.isDone() ? Invocation.Phase.INVOKE : Invocation.Phase.INIT,
                "Runtime.ExitError", "the runtime exited with status " + process.exitValue(), tail());
        end();
        return r;
    }

    /** Lambda's REPORT line, which is also where the init time is read. */
    private String report(Invocation.Result result, long elapsedNanos) {
        StringBuilder sb = new StringBuilder("REPORT RequestId: ").append(result.requestId())
                .append("\tDuration: ").append(String.format("%.2f ms", elapsedNanos / 1e6))
                .append("\tMemory Size: ").append(spec.memoryMb()).append(" MB");
        long peak = peakRssMb();
        if (peak >= 0) sb.append("\tMax Memory Used: ").append(peak).append(" MB");
        if (!reportedInit && initNanos >= 0) {
            sb.append("\tInit Duration: ").append(String.format("%.2f ms", initNanos / 1e6));
            reportedInit = true;
        }
        if (!result.ok()) sb.append("\tStatus: error\tError Type: ").append(result.errorType());
        return sb.toString();
    }

    private boolean reportedInit;

    /** VmHWM of the JVM (Linux), the figure Lambda's "Max Memory Used" reports; -1 where unknown. */
    private long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    /** Nanoseconds from the JVM's start to the runtime's first {@code next} (the init phase), or -1. */
    long initNanos() {
        return initNanos;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lastLineNanos = System.nanoTime();
                if (line.contains(SLF4J_NO_PROVIDER)) noLoggingProvider = true;
                synchronized (recentLines) {
                    if (recentLines.size() == LOG_LINES_KEPT) recentLines.removeFirst();
                    recentLines.addLast(line);
                }
                runtime.logs().line(spec.name(), id, line);
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            outputClosed.complete(null);
        }
    }

    /** After the process ended: every line it wrote has been read. */
    private void awaitOutput() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            outputClosed.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // keep what was read
        }
    }

    /** While the process runs: waits until its output has been quiet for 100 ms (at most a second). */
    private void awaitQuietOutput() {
        long until = System.nanoTime() + 1_000_000_000L;
        try {
            while (System.nanoTime() < until && System.nanoTime() - lastLineNanos < 100_000_000L && !outputClosed.isDone()) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines the function wrote, for error reports. */
    List<String> tail() {
        synchronized (recentLines) {
            return List.copyOf(recentLines);
        }
    }

    private void end() {
        dead = true;
        process.destroyForcibly();
        api.close();
    }

    /** The environment's /tmp goes with it, as in Lambda. */
    private void removeTmp() {
        try {
            gallery.core.FileTrees.delete(tmp);
        } catch (IOException e) {
            // left for the next start's data folder clean-up
        }
    }

    @Override
    public void close() {
        end();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeTmp();
    }
}
