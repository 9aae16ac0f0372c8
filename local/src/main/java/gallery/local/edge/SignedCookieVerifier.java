package gallery.local.edge;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.auth.CookieSigner;
import gallery.core.Json;
import gallery.core.routes.PathPattern;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks CloudFront signed cookies (custom policy) the way CloudFront does, for the local edge:
 * the three cookies present; the key-pair id in the trusted key group; the policy's SHA1withRSA
 * signature with that public key; one statement whose {@code Resource} (wildcards {@code *} and
 * {@code ?}) matches the full request URL including the query string; {@code DateLessThan} in the
 * future; {@code DateGreaterThan} and {@code IpAddress} (CIDR) when present.
 * See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 */
public final class SignedCookieVerifier {
    private static final Set<String> CONDITIONS = Set.of("DateLessThan", "DateGreaterThan", "IpAddress");

    /** Why a request was let through or not; {@code reason} is for logs and tests, never for the client. */
    public record Verdict(boolean allowed, String reason) {
        static Verdict allow() {
            return new Verdict(true, "ok");
        }

        static Verdict deny(String reason) {
            return new Verdict(false, reason);
        }
    }

    private final Supplier<Map<String, ? extends PublicKey>> trustedKeys;
    private final Clock clock;

    /** @param trustedKeys the key group by key-pair id; read per request, so a rotated folder is seen at once */
    public SignedCookieVerifier(Supplier<Map<String, ? extends PublicKey>> trustedKeys, Clock clock) {
        this.trustedKeys = trustedKeys;
        this.clock = clock;
    }

    /**
     * @param url      the request as the viewer sent it: {@code scheme://host[:port]/path[?query]}
     * @param clientIp the viewer's address, for {@code IpAddress}
     * @param cookies  request cookies by name (the first of each name, as sent)
     */
    public Verdict verify(String url, String clientIp, Map<String, String> cookies) {
        String policyCookie = cookies.get(CookieSigner.POLICY);
        String signatureCookie = cookies.get(CookieSigner.SIGNATURE);
        String keyId = cookies.get(CookieSigner.KEY_PAIR_ID);
        if (policyCookie == null || signatureCookie == null || keyId == null) {
            return Verdict.deny("missing " + (policyCookie == null ? CookieSigner.POLICY : signatureCookie == null ? CookieSigner.SIGNATURE : CookieSigner.KEY_PAIR_ID) + " cookie");
        }
        PublicKey key = trustedKeys.get().get(keyId);
        if (key == null) return Verdict.deny("key-pair id " + keyId + " is not in the trusted key group");
        byte[] policy;
        byte[] signature;
        try {
            policy = cloudFrontBase64(policyCookie);
            signature = cloudFrontBase64(signatureCookie);
        } catch (IllegalArgumentException e) {
            return Verdict.deny("policy or signature is not CloudFront base64: " + e.getMessage());
        }
        try {
            Signature sha1 = Signature.getInstance("SHA1withRSA");
            sha1.initVerify(key);
            sha1.update(policy);
            if (!sha1.verify(signature)) return Verdict.deny("signature does not match the policy for key " + keyId);
        } catch (GeneralSecurityException e) {
            return Verdict.deny("signature cannot be checked: " + e.getMessage());
        }
        return checkPolicy(new String(policy, StandardCharsets.UTF_8), url, clientIp);
    }

    private Verdict checkPolicy(String policy, String url, String clientIp) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(policy);
        } catch (Exception e) {
            return Verdict.deny("policy is not JSON");
        }
        JsonNode statements = root.path("Statement");
        if (!statements.isArray() || statements.size() != 1) return Verdict.deny("policy must hold exactly one statement");
        JsonNode statement = statements.get(0);
        JsonNode resource = statement.get("Resource");
        // CloudFront: a policy without Resource covers every URL the key group is trusted for.
        if (resource != null && (!resource.isTextual() || !PathPattern.matches(resource.asText(), url))) {
            return Verdict.deny("URL " + url + " is outside the policy resource " + resource);
        }
        JsonNode condition = statement.path("Condition");
        for (Iterator<String> names = condition.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CONDITIONS.contains(name)) return Verdict.deny("policy has unknown condition " + name);
        }
        long now = clock.instant().getEpochSecond();
        JsonNode before = condition.path("DateLessThan").path("AWS:EpochTime");
        if (!before.canConvertToLong()) return Verdict.deny("policy has no DateLessThan");
        if (now >= before.asLong()) return Verdict.deny("policy expired at " + Instant.ofEpochSecond(before.asLong()));
        JsonNode after = condition.path("DateGreaterThan");
        if (!after.isMissingNode()) {
            JsonNode t = after.path("AWS:EpochTime");
            if (!t.canConvertToLong()) return Verdict.deny("policy DateGreaterThan has no AWS:EpochTime");
            if (now <= t.asLong()) return Verdict.deny("policy is not valid before " + Instant.ofEpochSecond(t.asLong()));
        }
        JsonNode ip = condition.path("IpAddress");
        if (!ip.isMissingNode()) {
            String cidr = ip.path("AWS:SourceIp").asText("");
            if (!inCidr(clientIp, cidr)) return Verdict.deny("client " + clientIp + " is outside the policy's IpAddress " + cidr);
        }
        return Verdict.allow();
    }

    /** CloudFront's URL-safe base64: {@code +}→{@code -}, {@code =}→{@code _}, {@code /}→{@code ~}. */
    static byte[] cloudFrontBase64(String value) {
        return Base64.getDecoder().decode(value.replace('-', '+').replace('_', '=').replace('~', '/'));
    }

    static boolean inCidr(String ip, String cidr) {
        try {
            String[] parts = cidr.split("/", 2);
            byte[] net = InetAddress.getByName(literal(parts[0])).getAddress();
            byte[] addr = InetAddress.getByName(literal(ip)).getAddress();
            if (net.length != addr.length) return false;
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
            if (bits < 0 || bits > net.length * 8) return false;
            BigInteger mask = bits == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(net.length * 8 - bits);
            return new BigInteger(1, net).and(mask).equals(new BigInteger(1, addr).and(mask));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** Only IP literals: a host name here must never cause a DNS lookup. */
    private static String literal(String s) throws UnknownHostException {
        if (s == null || s.isEmpty() || !s.matches("[0-9a-fA-F:.]+")) throw new UnknownHostException("not an IP literal: " + s);
        return s;
    }

    /** Parses a {@code Cookie} request header; the first value of a name wins (the browser puts the longest path first). */
    public static Map<String, String> parseCookieHeader(String header) {
        Map<String, String> cookies = new LinkedHashMap<>();
        if (header == null) return cookies;
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) continue;
            cookies.putIfAbsent(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return cookies;
    }
}
