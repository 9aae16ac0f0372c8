package gallery.auth;

import gallery.testing.MutableClock;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokenVerifierIT {
    static TestIssuer pool;
    static AccessTokenVerifier verifier;

    @BeforeAll
    static void start() throws Exception {
        pool = new TestIssuer();
        verifier = new AccessTokenVerifier(pool.config());
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void acceptsAnAccessTokenOfThePoolAndClient() throws Exception {
        Caller caller = verifier.verifyBearer("Bearer " + pool.accessToken());
        assertThat(caller.username()).isEqualTo("alice");
        assertThat(caller.sub()).isEqualTo("5b2f1a3e-0000-4000-8000-000000000001");
        assertThat(caller.inGroup("admins")).isTrue();
        assertThat(caller.clientId()).isEqualTo(TestIssuer.CLIENT_ID);
        assertThat(caller.expiresAt()).isAfter(Instant.now());
    }

    @Test
    void refusesAlgNone() {
        String token = pool.unsigned(pool.accessClaims().build());
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void refusesHs256SignedWithThePublicKey() throws Exception {
        String token = pool.hs256WithPublicKey(pool.accessClaims().build());
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class).hasMessageContaining("HS256");
    }

    @Test
    void refusesAForeignIssuer() throws Exception {
        String token = pool.sign(pool.accessClaims().issuer("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other").build());
        assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("issuer");
    }

    @Test
    void refusesAnIdToken() throws Exception {
        JWTClaimsSet id = pool.accessClaims().claim("token_use", "id").claim("client_id", null)
                .audience(TestIssuer.CLIENT_ID).build();
        assertThatThrownBy(() -> verifier.verify(pool.sign(id))).hasMessageContaining("token_use");
    }

    @Test
    void refusesAnotherClient() throws Exception {
        String token = pool.sign(pool.accessClaims().claim("client_id", "someoneelse").build());
        assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("client_id");
    }

    @Test
    void refusesAnExpiredTokenBeyondTheSkew() throws Exception {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        String token = pool.sign(pool.accessClaims().issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofHours(1)))).build());
        assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("expired");
    }

    @Test
    void toleratesTheClockSkewOnExpiry() throws Exception {
        Instant exp = Instant.parse("2030-01-01T00:00:00Z");
        String token = pool.sign(pool.accessClaims().issueTime(Date.from(exp.minusSeconds(3600))).expirationTime(Date.from(exp)).build());
        AccessTokenVerifier tenSecondsLate = new AccessTokenVerifier(pool.config(), Clock.fixed(exp.plusSeconds(10), ZoneOffset.UTC));
        assertThat(tenSecondsLate.verify(token).username()).isEqualTo("alice");
        AccessTokenVerifier aMinuteLate = new AccessTokenVerifier(pool.config(), Clock.fixed(exp.plusSeconds(60), ZoneOffset.UTC));
        assertThatThrownBy(() -> aMinuteLate.verify(token)).hasMessageContaining("expired");
    }

    @Test
    void refusesATokenSignedWithAKeyNotInTheJwks() throws Exception {
        RSAKey stranger = TestIssuer.newKey();
        String token = pool.sign(stranger, pool.accessClaims().build());
        assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("no key with kid");
    }

    @Test
    void refusesATokenWhoseSignatureWasTamperedWith() throws Exception {
        String[] parts = pool.accessToken().split("\\.");
        String forged = parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode(
                pool.accessClaims().claim("cognito:groups", java.util.List.of("admins", "root")).build().toString()) + "." + parts[2];
        assertThatThrownBy(() -> verifier.verify(forged)).hasMessageContaining("signature");
    }

    @Test
    void unknownKidIsRefetchedButAtMostOncePerInterval() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (TestIssuer own = new TestIssuer()) {
            AccessTokenVerifier v = new AccessTokenVerifier(own.config(), clock);
            Instant exp = clock.instant().plusSeconds(3600);
            JWTClaimsSet claims = own.accessClaims().issueTime(Date.from(clock.instant())).expirationTime(Date.from(exp)).build();
            v.verify(own.sign(claims));
            assertThat(v.jwksFetches()).isEqualTo(1);
            v.verify(own.sign(claims));
            assertThat(v.jwksFetches()).as("cached keys are reused").isEqualTo(1);

            RSAKey rotated = TestIssuer.newKey();
            own.publish(rotated);
            clock.advance(CognitoConfig.DEFAULT_MIN_REFETCH);
            assertThat(v.verify(own.sign(rotated, claims)).username()).isEqualTo("alice");
            assertThat(v.jwksFetches()).as("a new kid triggers a refetch").isEqualTo(2);

            RSAKey forged = TestIssuer.newKey();
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> v.verify(own.sign(forged, claims))).isInstanceOf(InvalidTokenException.class);
            }
            assertThat(v.jwksFetches()).as("unknown kids within the interval cause no fetch").isEqualTo(2);
            clock.advance(CognitoConfig.DEFAULT_MIN_REFETCH);
            assertThatThrownBy(() -> v.verify(own.sign(forged, claims))).isInstanceOf(InvalidTokenException.class);
            assertThat(v.jwksFetches()).as("after the interval, one more try").isEqualTo(3);
            assertThat(own.jwksRequests()).isEqualTo(3);
        }
    }
}
