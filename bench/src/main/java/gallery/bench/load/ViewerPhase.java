package gallery.bench.load;

import gallery.core.deploy.Deployment;
import gallery.bench.CpuTicks;
import gallery.local.cognito.LocalCognito;
import gallery.local.cognito.UserPool;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Phase 2: one Cognito user per viewer (created up front with a permanent password, as an admin's
 * invitation accepted once leaves it), then every viewer scrolling at once for the duration.
 */
public final class ViewerPhase {
    record Result(int viewers, Duration duration, Duration think, Duration wall, RequestLog log, ProcessSampler.Window gallery,
                  String loadBefore, String loadAfter, double machineBusy) {
    }

    private ViewerPhase() {
    }

    /** {@code viewer-NN@load.local}, each with the same random password (meets Cognito's default policy). */
    public static List<String> createUsers(Deployment d, int viewers, String password) {
        List<String> names = new ArrayList<>();
        try (CognitoIdentityProviderClient cognito = LocalCognito.client(d.endpoints().cognito(), Region.of(d.region()))) {
            for (int i = 0; i < viewers; i++) {
                String name = String.format(Locale.ROOT, "viewer-%02d@load.local", i + 1);
                try {
                    cognito.adminCreateUser(r -> r.userPoolId(d.userPoolId()).username(name).temporaryPassword(password)
                            .messageAction(MessageActionType.SUPPRESS)
                            .userAttributes(a -> a.name("email").value(name), a -> a.name("email_verified").value("true"),
                                    a -> a.name("name").value("Viewer " + name.substring(7, 9))));
                } catch (UsernameExistsException e) {
                    // a data folder kept from an earlier run: the password is set again below
                }
                cognito.adminSetUserPassword(r -> r.userPoolId(d.userPoolId()).username(name).password(password).permanent(true));
                names.add(name);
            }
        }
        return names;
    }

    static Result run(Deployment d, String site, int viewers, Duration duration, Duration think, long seed,
                      Map<String, Long> originalBytes, ProcessSampler sampler, PrintStream out) throws InterruptedException {
        String password = UserPool.randomPassword("Load-");
        List<String> users = createUsers(d, viewers, password);
        RequestLog log = new RequestLog();
        String loadBefore = ProcStats.loadAverage();
        CpuTicks ticks0 = CpuTicks.now();
        out.printf(Locale.ROOT, "phase 2: %d viewers scrolling through %s for %d s (pause %d ms between screens); load average %s%n",
                viewers, site, duration.toSeconds(), think.toMillis(), loadBefore);
        sampler.begin();
        long t0 = System.nanoTime();
        long deadline = t0 + duration.toNanos();
        Random seeds = new Random(seed);
        Thread progress = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    List<RequestLog.Sample> s = log.samples();
                    out.printf(Locale.ROOT, "  %4.0f s  %d requests, %d errors, gallery RSS %s%n", (System.nanoTime() - t0) / 1e9, s.size(),
                            s.stream().filter(RequestLog.Sample::error).count(),
                            sampler.rssNow());
                }
            } catch (InterruptedException e) {
                // phase over
            }
        });
        try (ExecutorService people = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < viewers; i++) {
                Screens.Device device = Screens.DEVICES.get(i % Screens.DEVICES.size());
                people.submit(new Viewer(i, site, d.userPoolClientId(), users.get(i), password, device, deadline, think,
                        new Random(seeds.nextLong()), originalBytes, log));
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        progress.interrupt();
        ProcessSampler.Window window = sampler.end();
        return new Result(viewers, duration, think, wall, log, window, loadBefore, ProcStats.loadAverage(),
                CpuTicks.now().busyShareSince(ticks0));
    }
}
