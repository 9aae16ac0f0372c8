package gallery.signer;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.Map;

/**
 * Runs in a JVM whose class path is the signer's bundle (and this class): Lambda's no-argument
 * constructor, then one {@code POST /session} with a token that is refused, under request id
 * {@code args[0]}. {@link BundleLoggingIT} reads what it prints.
 */
public final class BundleMain {
    private BundleMain() {
    }

    public static void main(String[] args) {
        SessionHandler handler = new SessionHandler();
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/session")
                .withHeaders(Map.of("authorization", "Bearer not-a-token"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/session").build())
                        .build())
                .build();
        int status = handler.handleRequest(event, new Invocation(args[0])).getStatusCode();
        if (status != 401) throw new IllegalStateException("expected 401 for a bad token, got " + status);
    }

    /** Lambda's context as far as the handler reads it: the request id. */
    private record Invocation(String getAwsRequestId) implements Context {
        public String getLogGroupName() { return null; }
        public String getLogStreamName() { return null; }
        public String getFunctionName() { return "signer"; }
        public String getFunctionVersion() { return "1"; }
        public String getInvokedFunctionArn() { return null; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 10_000; }
        public int getMemoryLimitInMB() { return 1024; }
        public LambdaLogger getLogger() { return null; }
    }
}
