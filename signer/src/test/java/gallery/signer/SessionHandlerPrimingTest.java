package gallery.signer;

import gallery.testing.CountingServer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.auth.CognitoConfig;
import gallery.auth.SigningKey;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SessionHandlerPrimingTest {
    @Test
    void primingRunsTheTokenAndCookiePathsWithoutFetchingKeys() throws Exception {
        // The user pool's JWKS endpoint, counting fetches: priming must not make any.
        CountingServer jwks = CountingServer.refusing();
        try {
            URI jwksUrl = jwks.url("/jwks.json");
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(SigningKey.BITS);
            SigningKey key = SigningKey.of("K2EXAMPLE", (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
            SignerConfig config = new SignerConfig(new CognitoConfig("http://127.0.0.1:1/pool", jwksUrl, "client"),
                    "https://photos.example.org", Duration.ofHours(1), Optional.empty(), Optional.empty(), Optional.empty());
            SessionHandler handler = new SessionHandler(config, () -> key, token -> { throw new AssertionError("priming asked the user pool"); });

            List<APIGatewayV2HTTPResponse> responses = handler.prime();
            assertThat(responses).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactly(401, 204);
            assertThat(responses.get(0).getCookies()).isNullOrEmpty();
            assertThat(responses.get(1).getCookies()).hasSize(9).allSatisfy(c -> assertThat(c).contains("Max-Age=0"));

            handler.priming().beforeCheckpoint(null);
            assertThat(jwks.requests()).isZero();
        } finally {
            jwks.close();
        }
    }
}
