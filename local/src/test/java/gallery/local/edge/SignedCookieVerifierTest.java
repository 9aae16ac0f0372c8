package gallery.local.edge;

import gallery.auth.CookieSigner;
import gallery.auth.KeyFolder;
import gallery.auth.SigningKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cookies made by the AWS SDK's own CloudFrontUtilities, checked as CloudFront checks them. */
class SignedCookieVerifierTest {
    static final String SITE = "https://photos.example.org";
    static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    static final String RENDITION = SITE + "/renditions/640/photos/2024/beach.jpg.webp?v=abc123";

    @TempDir
    Path dir;
    KeyFolder keys;
    SignedCookieVerifier verifier;

    @BeforeEach
    void setUp() {
        keys = KeyFolder.open(dir);
        verifier = new SignedCookieVerifier(keys::trustedKeys, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** The cookies the browser sends to a path, from the Set-Cookie values, honouring each cookie's Path. */
    static Map<String, String> sentTo(String path, List<String> setCookies) {
        Map<String, String> jar = new LinkedHashMap<>();
        for (String c : setCookies) {
            String[] attrs = c.split("; ");
            String cookiePath = "/";
            for (String a : attrs) if (a.startsWith("Path=")) cookiePath = a.substring(5);
            if (!path.startsWith(cookiePath)) continue;
            int eq = attrs[0].indexOf('=');
            jar.putIfAbsent(attrs[0].substring(0, eq), attrs[0].substring(eq + 1));
        }
        return jar;
    }

    CookiesForCustomPolicy sdkCookies(String resource, Instant expires) {
        SigningKey key = keys.current();
        return CloudFrontUtilities.create().getCookiesForCustomPolicy(r -> r
                .resourceUrl(resource).resourceUrlPattern(resource).privateKey(key.privateKey())
                .keyPairId(key.keyId()).expirationDate(expires));
    }

    static Map<String, String> jar(CookiesForCustomPolicy c) {
        Map<String, String> jar = new HashMap<>();
        for (String v : List.of(c.policyHeaderValue(), c.signatureHeaderValue(), c.keyPairIdHeaderValue())) {
            int eq = v.indexOf('=');
            jar.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return jar;
    }

    @Test
    void acceptsCookiesTheSdkSignedWithTheLocalKey() {
        Map<String, String> jar = jar(sdkCookies(SITE + "/renditions/*", NOW.plusSeconds(3600)));
        assertThat(verifier.verify(RENDITION, "192.0.2.10", jar).allowed()).isTrue();
    }

    @Test
    void cookieSignerScopesOnePolicyToEachProtectedPrefix() {
        List<String> setCookies = new CookieSigner(keys, SITE + "/").issue(NOW.plusSeconds(3600));
        assertThat(setCookies).hasSize(9).allSatisfy(c -> assertThat(c)
                .contains("; Secure").contains("; HttpOnly").contains("; SameSite=Strict")
                .doesNotContain("Max-Age").doesNotContain("Expires"));
        // one trio per protected route, for the access label "all" (albums for everyone)
        assertThat(verifier.verify(SITE + "/renditions/all/640/photos/x.jpg.webp?v=1", "192.0.2.10", sentTo("/renditions/all/640/x", setCookies)).allowed()).isTrue();
        assertThat(verifier.verify(SITE + "/photos/all/2024/beach.jpg?v=1", "192.0.2.10", sentTo("/photos/all/2024/beach.jpg", setCookies)).allowed()).isTrue();
        assertThat(verifier.verify(SITE + "/resize/all/300x200/photos/2024/beach.jpg", "192.0.2.10", sentTo("/resize/all/300x200/", setCookies)).allowed()).isTrue();
        // the renditions policy does not open the originals, even if a client sends it there
        assertThat(verifier.verify(SITE + "/photos/all/2024/beach.jpg", "192.0.2.10", sentTo("/renditions/all/", setCookies)).reason())
                .contains("outside the policy");
        // nor another label's renditions
        assertThat(verifier.verify(SITE + "/renditions/g-0123456789abcdef/640/x.webp", "192.0.2.10", sentTo("/renditions/all/", setCookies)).reason())
                .contains("outside the policy");
        assertThat(sentTo("/renditions/g-0123456789abcdef/640/x.webp", setCookies)).as("a browser sends no cookie to another label's path").isEmpty();
        assertThat(sentTo("/api/albums", setCookies)).isEmpty();
    }

    @Test
    void clearingExpiresEveryIssuedCookie() {
        CookieSigner signer = new CookieSigner(keys, SITE);
        List<String> cleared = signer.clear();
        assertThat(cleared).hasSize(9).allSatisfy(c -> assertThat(c).contains("=; Path=/").contains("Max-Age=0"));
    }

    @Test
    void refusesAChangedPolicy() {
        Map<String, String> jar = jar(sdkCookies(SITE + "/renditions/640/*", NOW.plusSeconds(3600)));
        String policy = new String(SignedCookieVerifier.cloudFrontBase64(jar.get(CookieSigner.POLICY)), StandardCharsets.UTF_8);
        String widened = policy.replace("/renditions/640/*", "/*");
        assertThat(widened).isNotEqualTo(policy);
        jar.put(CookieSigner.POLICY, Base64.getEncoder().encodeToString(widened.getBytes(StandardCharsets.UTF_8))
                .replace('+', '-').replace('=', '_').replace('/', '~'));
        assertThat(verifier.verify(SITE + "/photos/x.jpg", "192.0.2.10", jar).reason()).contains("signature does not match");
    }

    @Test
    void refusesAChangedSignature() {
        Map<String, String> jar = jar(sdkCookies(SITE + "/renditions/*", NOW.plusSeconds(3600)));
        String sig = jar.get(CookieSigner.SIGNATURE);
        char flipped = sig.charAt(10) == 'A' ? 'B' : 'A';
        jar.put(CookieSigner.SIGNATURE, sig.substring(0, 10) + flipped + sig.substring(11));
        assertThat(verifier.verify(RENDITION, "192.0.2.10", jar).allowed()).isFalse();
    }

    @Test
    void refusesAnExpiredPolicy() {
        Map<String, String> jar = jar(sdkCookies(SITE + "/renditions/*", NOW.minusSeconds(1)));
        assertThat(verifier.verify(RENDITION, "192.0.2.10", jar).reason()).contains("expired");
    }

    @Test
    void refusesAResourceOutsideThePolicy() {
        Map<String, String> jar = jar(sdkCookies(SITE + "/renditions/*", NOW.plusSeconds(3600)));
        assertThat(verifier.verify(SITE + "/photos/2024/beach.jpg", "192.0.2.10", jar).reason()).contains("outside the policy");
        assertThat(verifier.verify("https://other.example.org/renditions/640/x.webp", "192.0.2.10", jar).allowed()).isFalse();
    }

    @Test
    void refusesAnUnknownKeyId() {
        Map<String, String> jar = jar(sdkCookies(SITE + "/renditions/*", NOW.plusSeconds(3600)));
        jar.put(CookieSigner.KEY_PAIR_ID, "KUNKNOWN0000000");
        assertThat(verifier.verify(RENDITION, "192.0.2.10", jar).reason()).contains("not in the trusted key group");
    }

    @Test
    void refusesASignatureByAKeyOutsideTheGroupEvenUnderATrustedId(@TempDir Path other) {
        KeyFolder stranger = KeyFolder.open(other);
        SigningKey trusted = keys.current();
        CookiesForCustomPolicy c = CloudFrontUtilities.create().getCookiesForCustomPolicy(r -> r
                .resourceUrl(SITE + "/*").resourceUrlPattern(SITE + "/*").privateKey(stranger.current().privateKey())
                .keyPairId(trusted.keyId()).expirationDate(NOW.plusSeconds(60)));
        assertThat(verifier.verify(RENDITION, "192.0.2.10", jar(c)).allowed()).isFalse();
    }

    @Test
    void refusesMissingCookies() {
        Map<String, String> jar = jar(sdkCookies(SITE + "/renditions/*", NOW.plusSeconds(3600)));
        jar.remove(CookieSigner.SIGNATURE);
        assertThat(verifier.verify(RENDITION, "192.0.2.10", jar).reason()).contains("missing CloudFront-Signature");
        assertThat(verifier.verify(RENDITION, "192.0.2.10", Map.of()).allowed()).isFalse();
    }

    @Test
    void honoursDateGreaterThanAndIpAddress() {
        SigningKey key = keys.current();
        CookiesForCustomPolicy c = CloudFrontUtilities.create().getCookiesForCustomPolicy(r -> r
                .resourceUrl(SITE + "/renditions/*").resourceUrlPattern(SITE + "/renditions/*")
                .privateKey(key.privateKey()).keyPairId(key.keyId())
                .activeDate(NOW.minusSeconds(60)).expirationDate(NOW.plusSeconds(3600)).ipRange("192.0.2.0/24"));
        assertThat(verifier.verify(RENDITION, "192.0.2.77", jar(c)).allowed()).isTrue();
        assertThat(verifier.verify(RENDITION, "198.51.100.1", jar(c)).reason()).contains("IpAddress");

        CookiesForCustomPolicy later = CloudFrontUtilities.create().getCookiesForCustomPolicy(r -> r
                .resourceUrl(SITE + "/renditions/*").resourceUrlPattern(SITE + "/renditions/*")
                .privateKey(key.privateKey()).keyPairId(key.keyId())
                .activeDate(NOW.plusSeconds(60)).expirationDate(NOW.plusSeconds(3600)));
        assertThat(verifier.verify(RENDITION, "192.0.2.77", jar(later)).reason()).contains("not valid before");
    }

    @Test
    void cookiesOfTheOldKeyStayValidAfterRotation() {
        Map<String, String> old = jar(sdkCookies(SITE + "/renditions/*", NOW.plusSeconds(3600)));
        SigningKey before = keys.current();
        SigningKey after = keys.rotate();
        assertThat(after.keyId()).isNotEqualTo(before.keyId());
        assertThat(keys.current().keyId()).isEqualTo(after.keyId());
        assertThat(verifier.verify(RENDITION, "192.0.2.10", old).allowed()).isTrue();
        assertThat(verifier.verify(RENDITION, "192.0.2.10", jar(sdkCookies(SITE + "/renditions/*", NOW.plusSeconds(3600)))).allowed()).isTrue();
    }

    @Test
    void cidrMatching() {
        assertThat(SignedCookieVerifier.inCidr("10.1.2.3", "10.0.0.0/8")).isTrue();
        assertThat(SignedCookieVerifier.inCidr("11.1.2.3", "10.0.0.0/8")).isFalse();
        assertThat(SignedCookieVerifier.inCidr("2001:db8::1", "2001:db8::/32")).isTrue();
        assertThat(SignedCookieVerifier.inCidr("10.1.2.3", "2001:db8::/32")).isFalse();
        assertThat(SignedCookieVerifier.inCidr("10.1.2.3", "0.0.0.0/0")).isTrue();
        assertThat(SignedCookieVerifier.inCidr("example.org", "0.0.0.0/0")).isFalse();
    }
}
