package gallery.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import gallery.auth.CognitoConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ApiHandlerPrimingTest {
    /** Every AWS call the clients are asked to make; priming must make none. */
    private final List<String> calls = new ArrayList<>();
    private final ExecutionInterceptor recorder = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.add(context.request().getClass().getSimpleName());
        }
    };

    @Test
    void primingRunsTheRefusalPathWithoutFetchingKeysOrCallingAws() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        jwks.start();
        URI nowhere = URI.create("http://127.0.0.1:9");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("none", "none"));
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(nowhere).region(Region.US_EAST_1).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
             CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder().endpointOverride(nowhere).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build()) {
            URI jwksUrl = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
            ApiConfig config = new ApiConfig("photos", new CognitoConfig("http://127.0.0.1:1/pool", jwksUrl, "client"),
                    "admins", false, 60, 200);
            ApiHandler handler = new ApiHandler(config, dynamo, cognito);

            List<APIGatewayV2HTTPResponse> responses = handler.prime();
            assertThat(responses).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactly(401, 401);
            assertThat(responses).allSatisfy(r -> assertThat(r.getBody()).contains("\"error\""));

            handler.priming().beforeCheckpoint(null);
            assertThat(fetches).hasValue(0);
            assertThat(calls).isEmpty();
        } finally {
            jwks.stop(0);
        }
    }
}
