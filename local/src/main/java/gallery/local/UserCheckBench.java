package gallery.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import gallery.auth.AccessTokenVerifier;
import gallery.auth.Authenticator;
import gallery.auth.CognitoConfig;
import gallery.auth.InvalidTokenException;
import gallery.auth.KeyFolder;
import gallery.auth.UserCheck;
import gallery.auth.UserProfile;
import gallery.core.FileTrees;
import gallery.local.cognito.LocalCognito;
import gallery.local.cognito.UserPool;
import gallery.signer.SessionHandler;
import gallery.signer.SignerConfig;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What checking the user with the pool adds to {@code POST /session} and to every API request:
 * the signer's handler (in-process, as Lambda calls it) and the api's {@link Authenticator} timed
 * with the token check alone, with the pool asked (the first request of a token in a minute), and
 * with the pool's answer kept (every later one). Against cognito-local behind the local gate, on
 * 127.0.0.1: a lower bound on what Cognito's GetUser costs from a Lambda in the same region.
 *
 * <pre>java -cp local/target/local.jar gallery.local.UserCheckBench [--tokens N] [--out FILE]</pre>
 */
public final class UserCheckBench {
    private UserCheckBench() {
    }

    public static void main(String[] args) throws Exception {
        int tokens = 100;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tokens" -> tokens = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: UserCheckBench [--tokens N] [--out FILE]   unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Main.quietLogs(false);
        Path tools = Main.projectRoot().map(r -> r.resolve("tools")).orElse(Path.of("tools"));
        Path data = Files.createTempDirectory("user-check-bench");
        try (LocalCognito cognito = LocalCognito.start(tools, data.resolve("cognito"), freePort(), Region.US_EAST_1)) {
            UserPool pool = cognito.pool();
            CognitoIdentityProviderClient admin = cognito.client();
            String user = "bench@example.org";
            String password = UserPool.randomPassword("Bench-");
            admin.adminCreateUser(r -> r.userPoolId(pool.userPoolId()).username(user).messageAction(MessageActionType.SUPPRESS)
                    .userAttributes(a -> a.name("email").value(user)));
            admin.adminSetUserPassword(r -> r.userPoolId(pool.userPoolId()).username(user).password(password).permanent(true));
            List<String> fresh = new ArrayList<>();
            for (int i = 0; i < tokens + 20; i++) {
                fresh.add(admin.initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", user, "PASSWORD", password))).authenticationResult().accessToken());
            }
            KeyFolder keys = KeyFolder.open(data.resolve("keys"));
            SignerConfig config = SignerConfig.fromEnv(new gallery.core.config.Env(Map.of(
                    "COGNITO_ISSUER", cognito.issuer(), "COGNITO_JWKS_URL", cognito.jwksUrl().toString(),
                    "COGNITO_CLIENT_ID", pool.clientId(), "SITE_URL", "https://photos.example.org",
                    "SIGNING_KEY_FILE", keys.file(keys.current().keyId()).toString(), "SIGNING_KEY_ID", keys.current().keyId())));
            UserCheck none = token -> UserProfile.UNKNOWN;
            UserCheck pool1 = config.cognito().userCheck(admin);
            SessionHandler offline = new SessionHandler(config, keys, none);
            SessionHandler checked = new SessionHandler(config, keys, pool1);
            Authenticator apiOffline = new Authenticator(new AccessTokenVerifier(config.cognito()), none);
            Authenticator apiChecked = new Authenticator(new AccessTokenVerifier(config.cognito()),
                    new gallery.auth.CognitoUserCheck(admin, CognitoConfig.MAX_USER_CHECK_TTL, Clock.systemUTC()));

            // Warm-up: JIT, JWKS fetch, HTTP connections; these tokens are not measured.
            for (String t : fresh.subList(0, 20)) {
                session(offline, t);
                session(checked, t);
                apiOffline.authenticate("Bearer " + t);
                apiChecked.authenticate("Bearer " + t);
            }
            List<String> measured = fresh.subList(20, fresh.size());
            long[][] s = {time(measured, t -> session(offline, t)), time(measured, t -> session(checked, t)), time(measured, t -> session(checked, t))};
            long[][] a = {time(measured, t -> auth(apiOffline, t)), time(measured, t -> auth(apiChecked, t)), time(measured, t -> auth(apiChecked, t))};

            StringBuilder md = new StringBuilder("# What the user check adds to /session and /api\n\n");
            md.append("`java -cp local/target/local.jar gallery.local.UserCheckBench --tokens ").append(tokens).append("`: ")
                    .append(tokens).append(" fresh access tokens of one user, each used three ways in-process (the signer's ")
                    .append("`SessionHandler`, the api's `Authenticator`) against cognito-local behind the local gate on 127.0.0.1. ")
                    .append("Milliseconds per request; *pool asked* is a token's first request in a minute, *answer kept* every later one. ")
                    .append("In AWS the call is Cognito's GetUser from a Lambda in the pool's region.\n\n");
            md.append("| request | token check only | + pool asked | + answer kept |\n| --- | ---: | ---: | ---: |\n");
            md.append(row("POST /session (signer, nine cookies signed)", s)).append(row("API request authentication", a));
            md.append("\nThe pool is asked at most once a minute per token (`USER_CHECK_TTL`); a browser renews its cookies every ")
                    .append("8 minutes and browses with one token, so a gallery page costs one GetUser a minute per open tab.\n");
            System.out.print(md);
            if (out != null) Files.writeString(out, md);
        } finally {
            FileTrees.delete(data);
        }
    }

    private static void session(SessionHandler handler, String token) {
        int status = handler.handleRequest(APIGatewayV2HTTPEvent.builder().withRawPath("/session")
                .withHeaders(Map.of("authorization", "Bearer " + token))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/session").build()).build())
                .build(), null).getStatusCode();
        if (status != 204) throw new IllegalStateException("POST /session answered " + status);
    }

    private static void auth(Authenticator authenticator, String token) {
        try {
            authenticator.authenticate("Bearer " + token);
        } catch (InvalidTokenException e) {
            throw new IllegalStateException("a fresh token was refused: " + e.getMessage(), e);
        }
    }

    private static long[] time(List<String> tokens, java.util.function.Consumer<String> call) {
        long[] nanos = new long[tokens.size()];
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            call.accept(tokens.get(i));
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static String row(String name, long[][] columns) {
        Function<long[], String> cell = n -> String.format(Locale.ROOT, "p50 %.2f, p95 %.2f", n[n.length / 2] / 1e6, n[(int) (n.length * 0.95)] / 1e6);
        return "| " + name + " | " + cell.apply(columns[0]) + " | " + cell.apply(columns[1]) + " | " + cell.apply(columns[2]) + " |\n";
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
