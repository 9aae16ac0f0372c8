package gallery.local.lambda;

/**
 * Where the functions' output goes, line by line, as CloudWatch Logs would receive it: each
 * function's stdout and stderr, and the REPORT line the rehearsal writes after each invocation.
 */
@FunctionalInterface
public interface FunctionLogs {
    void line(String function, String environment, String line);
}
