package gallery.signer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import gallery.auth.CognitoConfig;
import gallery.auth.SigningKey;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SessionHandlerPrimingTest {
    @Test
    void primingRunsTheTokenAndCookiePathsWithoutFetchingKeys() throws Exception {
        // The user pool's JWKS endpoint, counting fetches: priming must not make any.
        AtomicInteger fetches = new AtomicInteger();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        jwks.start();
        try {
            URI jwksUrl = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
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
            assertThat(fetches).hasValue(0);
        } finally {
            jwks.stop(0);
        }
    }
}
