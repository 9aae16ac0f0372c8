package gallery.signer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import gallery.lambda.HttpEvent;
import gallery.lambda.InvocationContext;

import java.time.Duration;
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
        APIGatewayV2HTTPEvent event = HttpEvent.sample("POST", "/session", null, Map.of("authorization", "Bearer not-a-token"));
        int status = handler.handleRequest(event, new InvocationContext("signer", args[0], "us-east-1", Duration.ofSeconds(10))).getStatusCode();
        if (status != 401) throw new IllegalStateException("expected 401 for a bad token, got " + status);
    }
}
