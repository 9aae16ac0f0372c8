package gallery.local.lambda;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** What running an event through a function gave. */
public final class Invocation {
    /** Where a failure happened: starting the function (its class, constructor, configuration) or handling the event. */
    public enum Phase { INIT, INVOKE }

    private Invocation() {
    }

    /**
     * @param payload       the response, when {@link #ok()}
     * @param errorType     e.g. {@code Runtime.ImportModuleError}, {@code Sandbox.Timedout}, {@code java.lang.IllegalStateException}
     * @param log           the function's last log lines (on failure)
     * @param durationNanos this invocation, as the caller waited for it
     * @param initNanos     the environment's JVM start to the runtime's first {@code next}, or -1 if it never got there
     * @param sinceStartNanos the environment's JVM start to the end of this invocation (for a first invocation: the cold start), or -1
     */
    public record Result(String requestId, byte[] payload, Phase phase, String errorType, String errorMessage, List<String> log,
                         long durationNanos, long initNanos, long sinceStartNanos) {
        static Result ok(String requestId, byte[] payload) {
            return new Result(requestId, payload, null, null, null, List.of(), 0, -1, -1);
        }

        static Result error(String requestId, Phase phase, String type, String message, List<String> log) {
            return new Result(requestId, null, phase, type, message, List.copyOf(log), 0, -1, -1);
        }

        Result withTimes(long durationNanos, long initNanos, long sinceStartNanos) {
            return new Result(requestId, payload, phase, errorType, errorMessage, log, durationNanos, initNanos, sinceStartNanos);
        }

        public boolean ok() {
            return errorType == null;
        }

        public String payloadText() {
            return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
        }

        /** One line: the phase, the type and the message, for logs and exceptions. */
        public String describe() {
            if (ok()) return "ok";
            return phase.name().toLowerCase() + " failed: " + errorType + ": " + errorMessage;
        }
    }
}
