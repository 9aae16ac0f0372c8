package gallery.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Lambda's {@link Context} where no Lambda runtime makes one: the local stack's pollers and the
 * bundle checks call handlers with it. It carries what the handlers read (the request id, for the
 * log context) and what Lambda would say of the function; its logger writes through SLF4J.
 */
public record InvocationContext(String functionName, String requestId, String region, Duration timeout, long deadline)
        implements Context {
    private static final Logger LOG = LoggerFactory.getLogger("lambda");
    private static final LambdaLogger LOGGER = new LambdaLogger() {
        @Override
        public void log(String message) {
            LOG.info(message);
        }

        @Override
        public void log(byte[] message) {
            LOG.info(new String(message, StandardCharsets.UTF_8));
        }
    };

    /** An invocation starting now, with {@code timeout} left. */
    public InvocationContext(String functionName, String requestId, String region, Duration timeout) {
        this(functionName, requestId, region, timeout, System.currentTimeMillis() + timeout.toMillis());
    }

    /** A new invocation of {@code functionName}, under a random request id. */
    public static InvocationContext next(String functionName, String region, Duration timeout) {
        return new InvocationContext(functionName, UUID.randomUUID().toString(), region, timeout);
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return functionName; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:" + region + ":000000000000:function:" + functionName; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadline - System.currentTimeMillis())); }
    @Override public int getMemoryLimitInMB() { return (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / (1024 * 1024)); }
    @Override public LambdaLogger getLogger() { return LOGGER; }

    @Override
    public String toString() {
        return functionName + " " + requestId + " (timeout " + timeout + ")";
    }
}
