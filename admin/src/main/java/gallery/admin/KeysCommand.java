package gallery.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** The signed-cookie keys: {@code keys status}, {@code keys rotate}. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "The keys signed cookies are signed with.",
        subcommands = {KeysCommand.Status.class, KeysCommand.Rotate.class, CommandLine.HelpCommand.class})
public final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected status or rotate");
    }

    /** Where the keys are: the local key folder, or the AWS key group and the key's parameter. */
    static final class Where {
        @Mixin
        Target target;

        @Option(names = "--key-group-id", paramLabel = "ID", description = "AWS: the CloudFront key group the distribution trusts.")
        String keyGroupId;

        @Option(names = "--parameter", paramLabel = "NAME", description = "AWS: the signer's key, a SecureString parameter (stack output SigningKeyParameter).")
        String parameter;

        @Option(names = "--cookie-lifetime", defaultValue = "12h", paramLabel = "DURATION",
                description = "The longest a signed cookie lives: the signer's COOKIE_LIFETIME (default: ${DEFAULT-VALUE}, its maximum).")
        String cookieLifetime;

        KeyRotation rotation(Clients[] holder) {
            Duration lifetime = Durations.parse("--cookie-lifetime", cookieLifetime);
            if (target.isLocal()) return new KeyRotation(new LocalKeyGroup(target.localDataDir().resolve("keys")), lifetime, Clock.systemUTC());
            if (keyGroupId == null || parameter == null) {
                throw new ConfigProblem("in AWS, --key-group-id and --parameter name the key group and the signer's key parameter");
            }
            Clients clients = new Clients(target.deployment());
            holder[0] = clients;
            return new KeyRotation(new AwsKeyGroup(clients.cloudFront(), clients.parameters(), keyGroupId, parameter), lifetime, Clock.systemUTC());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "List the trusted keys, the current one, and when the previous one may be retired.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Where where;

        @Override
        public Integer call() {
            Clients[] holder = new Clients[1];
            try {
                KeyRotation rotation = where.rotation(holder);
                print(spec.commandLine().getOut(), rotation);
                return 0;
            } finally {
                if (holder[0] != null) holder[0].close();
            }
        }
    }

    static void print(PrintWriter out, KeyRotation rotation) {
        Instant now = Instant.now();
        for (KeyRotation.KeyState k : rotation.status()) {
            String role = k.current() ? "current (signs new cookies)"
                    : k.retirable(now) ? "previous, no live cookies: retired by the next rotate"
                    : "previous, trusted until " + k.retireAfter() + " (its cookies may live until then)";
            out.printf("%-16s added %s  %s%n", k.keyId(), k.addedAt(), role);
        }
        out.flush();
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Two-slot rotation: retire the previous key if its cookies have all expired, then add a new key and sign with it.",
                    "Cookies signed before keep working: their key stays trusted until they have expired."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:a new key signs new cookies", "1:refused: the previous key may still have live cookies",
                    "2:usage or configuration error"})
    static final class Rotate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Where where;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Clients[] holder = new Clients[1];
            try {
                KeyRotation rotation = where.rotation(holder);
                KeyRotation.Outcome outcome = rotation.rotate();
                switch (outcome) {
                    case KeyRotation.Rotated r -> {
                        for (String id : r.retired()) out.println("retired " + id + " (every cookie it signed has expired)");
                        out.println("added " + r.newKeyId() + " to the trusted keys and made it current");
                        out.println("kept " + r.previous() + " trusted until " + r.previousRetireAfter()
                                + " for the cookies it signed; the next rotate after that retires it");
                    }
                    case KeyRotation.Refused r -> {
                        for (String id : r.retired()) out.println("retired " + id + " (every cookie it signed has expired)");
                        out.println("refused: the key group holds two keys and " + r.keyId() + " may have signed cookies that live until "
                                + r.retireAfter() + "; rotate again after that");
                    }
                }
                out.println();
                print(out, rotation);
                return outcome instanceof KeyRotation.Rotated ? 0 : 1;
            } finally {
                if (holder[0] != null) holder[0].close();
            }
        }
    }
}
