package gallery.infra;

import gallery.core.config.Env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployment may choose, read once from CDK context ({@code cdk.json}'s "context" or
 * {@code -c name=value}) with defaults, and validated together: a wrong value fails the synth
 * naming the key and what it expected, before any resource is built.
 *
 * @param projectRoot           the repository root: Lambda jars are {@code <module>/target/<module>-lambda.jar}
 *                              below it, the libvips layer comes from {@code .layers/libvips-arm64}
 * @param signingPublicKey      PEM of the CloudFront public key the signer's private key matches
 *                              (required; context gives the PEM or the path of a PEM file, since
 *                              {@code cdk -c} cannot carry a multi-line value)
 * @param nextSigningPublicKey  the same for the key being rotated in, if any (the key group holds both)
 * @param noncurrentVersionDays how long a replaced or deleted original stays recoverable
 * @param reserveConcurrency    reserve concurrency per lane; off for accounts whose Lambda quota
 *                              is too small to reserve any (new accounts start at 10)
 * @param alarmEmail            where dead-letter alarms are mailed, if anywhere
 */
public record GallerySettings(Path projectRoot, String signingPublicKey, Optional<String> nextSigningPublicKey,
                              int noncurrentVersionDays, boolean reserveConcurrency, Optional<String> alarmEmail) {

    public static final String PROJECT_ROOT = "projectRoot";
    public static final String SIGNING_PUBLIC_KEY = "signingPublicKey";
    public static final String NEXT_SIGNING_PUBLIC_KEY = "nextSigningPublicKey";
    public static final String NONCURRENT_VERSION_DAYS = "noncurrentVersionDays";
    public static final String RESERVE_CONCURRENCY = "reserveConcurrency";
    public static final String ALARM_EMAIL = "alarmEmail";

    /** Reads every setting through a lookup (the app's {@code node.tryGetContext}). */
    public static GallerySettings from(java.util.function.Function<String, Object> context) {
        Map<String, String> raw = new HashMap<>();
        for (String key : new String[]{PROJECT_ROOT, SIGNING_PUBLIC_KEY, NEXT_SIGNING_PUBLIC_KEY,
                NONCURRENT_VERSION_DAYS, RESERVE_CONCURRENCY, ALARM_EMAIL}) {
            Object value = context.apply(key);
            if (value != null) raw.put(key, value.toString());
        }
        Env env = new Env(raw);
        Path root = env.path(PROJECT_ROOT).orElse(Path.of("..")).toAbsolutePath().normalize();
        String current = env.optional(SIGNING_PUBLIC_KEY).map(v -> pem(env, SIGNING_PUBLIC_KEY, v)).orElseGet(() -> {
            env.problem(SIGNING_PUBLIC_KEY + " is not set: expected the CloudFront signing public key, as a PEM or "
                    + "the path of a PEM file (docs/deploy.md: make a key pair), e.g. -c " + SIGNING_PUBLIC_KEY + "=keys/current.pub.pem");
            return "";
        });
        Optional<String> next = env.optional(NEXT_SIGNING_PUBLIC_KEY).map(v -> pem(env, NEXT_SIGNING_PUBLIC_KEY, v));
        int days = env.integer(NONCURRENT_VERSION_DAYS, 30, 1, 3650);
        boolean reserve = env.flag(RESERVE_CONCURRENCY, true);
        Optional<String> email = env.optional(ALARM_EMAIL);
        if (!current.isEmpty()) checkPem(env, SIGNING_PUBLIC_KEY, current);
        next.filter(p -> !p.isEmpty()).ifPresent(p -> checkPem(env, NEXT_SIGNING_PUBLIC_KEY, p));
        if (next.isPresent() && next.get().strip().equals(current.strip())) {
            env.problem(NEXT_SIGNING_PUBLIC_KEY + " is the same key as " + SIGNING_PUBLIC_KEY + ": expected a different key, or none");
        }
        email.filter(e -> !e.matches("[^@\\s]+@[^@\\s]+")).ifPresent(e ->
                env.problem(ALARM_EMAIL + "=" + e + " is not an email address"));
        env.validate();
        return new GallerySettings(root, current.strip() + "\n", next.map(p -> p.strip() + "\n"), days, reserve, email);
    }

    public Duration noncurrentVersionExpiration() {
        return Duration.ofDays(noncurrentVersionDays);
    }

    /** The value itself when it is a PEM, else the content of the file it names. */
    private static String pem(Env env, String key, String value) {
        if (value.strip().startsWith("-----BEGIN")) return value;
        Path file = Path.of(value);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            env.problem(key + "=" + value + " is neither a PEM nor a readable file: " + e);
            return "";
        }
    }

    private static void checkPem(Env env, String key, String pem) {
        String s = pem.strip();
        if (!s.startsWith("-----BEGIN PUBLIC KEY-----") || !s.endsWith("-----END PUBLIC KEY-----")) {
            env.problem(key + " is not a PEM public key: expected '-----BEGIN PUBLIC KEY-----' ... "
                    + "'-----END PUBLIC KEY-----' (openssl rsa -pubout), found '" + abbreviate(s) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
