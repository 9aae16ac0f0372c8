package gallery.api;

import gallery.testing.RecordingClients;
import gallery.testing.CountingServer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.auth.CognitoConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiHandlerPrimingTest {
    /** Every AWS call the clients are asked to make; priming must make none. */
    private final RecordingClients clients = new RecordingClients();

    @Test
    void primingRunsTheRefusalPathWithoutFetchingKeysOrCallingAws() throws Exception {
        CountingServer jwks = CountingServer.refusing();
        try (DynamoDbClient dynamo = clients.of(DynamoDbClient.builder());
             CognitoIdentityProviderClient cognito = clients.of(CognitoIdentityProviderClient.builder())) {
            URI jwksUrl = jwks.url("/jwks.json");
            ApiConfig config = new ApiConfig("photos", new CognitoConfig("http://127.0.0.1:1/pool", jwksUrl, "client"),
                    "admins", false, 60, 200);
            ApiHandler handler = new ApiHandler(config, dynamo, cognito);

            List<APIGatewayV2HTTPResponse> responses = handler.prime();
            assertThat(responses).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactly(401, 401);
            assertThat(responses).allSatisfy(r -> assertThat(r.getBody()).contains("\"error\""));

            handler.priming().beforeCheckpoint(null);
            assertThat(jwks.requests()).isZero();
            assertThat(clients.calls()).isEmpty();
        } finally {
            jwks.close();
        }
    }
}
