package gallery.admin;

import gallery.core.Uploader;
import gallery.core.backup.BackupKey;
import gallery.core.backup.BackupKeyFile;
import gallery.core.deploy.Deployment;
import gallery.index.PhotoIndex;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code users backup-key EMAIL [--rotate|--revoke]} and {@code users backup-keys}: credentials
 * for a member's phone backup app or rclone that may list, read and add photos under the member's
 * own folder ({@code photos/<name>/}) and nothing else: no delete, no replacing an original, no
 * other member's folder. Disabling or removing the member revokes them ({@link UsersCommand}).
 */
final class BackupKeyCommand {
    private BackupKeyCommand() {
    }

    static BackupKeys keys(Target target, Clients clients, String boundaryArn) {
        if (target.isLocal()) return new LocalBackupKeys(new BackupKeyFile(target.localDataDir()), Clock.systemUTC());
        return new IamBackupKeys(clients.iam(), clients.deployment().originalsBucket(), boundaryArn);
    }

    /** Revokes the member's key if there is one; says so. For {@code users disable} and {@code users remove}. */
    static void revokeIfAny(Target target, String email, PrintWriter out) {
        try (Clients clients = new Clients(target.deployment())) {
            BackupKeys keys = keys(target, clients, null);
            Optional<BackupKey> key = keys.find(email);
            if (key.isPresent()) {
                keys.revoke(key.get());
                out.println("revoked the backup key " + key.get().accessKeyId() + " of " + email);
            }
        }
        out.flush();
    }

    static final class Action {
        @Option(names = "--rotate", description = "Replace the key pair (same folder); the old one stops working at once.")
        boolean rotate;
        @Option(names = "--revoke", description = "Revoke the key: it stops working at once. Photos it added stay.")
        boolean revoke;
    }

    @Command(name = "backup-key", mixinStandardHelpOptions = true,
            description = {"Issue a member's backup key (for rclone or a phone backup app): it may list, read and add photos under",
                    "photos/<their name>/ only, never delete or replace one. --rotate replaces it, --revoke ends it.",
                    "Local stack: the key works on its S3 endpoint at once. AWS: an IAM user per member, created with the",
                    "stack's permissions boundary (--boundary-arn, the BackupKeyBoundaryArn output)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:done", "1:no such user, disabled, already has a key (or none to rotate or revoke), folder taken",
                    "2:usage or configuration error"})
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "EMAIL", description = "The member (a user of the gallery).")
        String email;
        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Action action = new Action();
        @Option(names = "--folder", paramLabel = "NAME",
                description = "Their folder under photos/ (default: their name in ASCII letters, digits and dashes, else their address before the @).")
        String folder;
        @Option(names = "--boundary-arn", paramLabel = "ARN", description = "AWS: the stack's BackupKeyBoundaryArn output.")
        String boundaryArn;

        @Override
        public Integer call() {
            String user = UsersCommand.email(email);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Deployment d = target.deployment();
            try (Clients clients = new Clients(d)) {
                BackupKeys keys = keys(target, clients, boundaryArn);
                Optional<BackupKey> current = keys.find(user);
                if (action.revoke || action.rotate) {
                    if (current.isEmpty()) {
                        err.println(user + " has no backup key (see: users backup-keys)");
                        return 1;
                    }
                    if (action.revoke) {
                        keys.revoke(current.get());
                        out.println("revoked the backup key " + current.get().accessKeyId() + " of " + user
                                + "; the photos it added stay");
                        out.flush();
                        return 0;
                    }
                    print(out, "rotated", keys.rotate(current.get()), d, target);
                    return 0;
                }
                if (current.isPresent()) {
                    err.println(user + " has a backup key already (" + current.get().accessKeyId() + ", " + current.get().prefix()
                            + "): --rotate for a new key pair, --revoke to end it");
                    return 1;
                }
                AdminGetUserResponse member;
                try {
                    member = clients.cognito().adminGetUser(r -> r.userPoolId(d.userPoolId()).username(user));
                } catch (UserNotFoundException e) {
                    err.println("no user " + user + " (invite them first: users invite)");
                    return 1;
                }
                if (!Boolean.TRUE.equals(member.enabled())) {
                    err.println(user + " is disabled: enable them first");
                    return 1;
                }
                String name = member.userAttributes().stream().filter(a -> a.name().equals("name")).map(AttributeType::value)
                        .findFirst().orElse(null);
                String prefix;
                try {
                    prefix = BackupKey.prefixFor(folder != null ? folder : BackupKey.folderFor(name, user));
                } catch (IllegalArgumentException e) {
                    throw new ConfigProblem(e.getMessage() + " (choose one with --folder)");
                }
                Optional<BackupKey> taken = keys.list().stream().filter(k -> k.prefix().equalsIgnoreCase(prefix)).findFirst();
                if (taken.isPresent()) {
                    err.println(prefix + " is the folder of " + taken.get().email() + "'s backup key: choose another with --folder");
                    return 1;
                }
                BackupKey key = keys.issue(user, prefix);
                // Before anyone can use the key: ingest names what it writes by this principal.
                new PhotoIndex(clients.dynamo(), d.photoTable()).recordPrincipal(key.principalId(), Uploader.backupKey(user));
                print(out, "issued", key, d, target);
                return 0;
            }
        }

        private static void print(PrintWriter out, String what, BackupKey key, Deployment d, Target target) {
            String endpoint = d.isLocal() ? d.endpoints().s3().toString() : "https://s3." + d.region() + ".amazonaws.com";
            out.printf("%s a backup key for %s: list, read and add under s3://%s/%s (no delete, no replacing)%n", what,
                    key.email(), d.originalsBucket(), key.prefix());
            out.printf("  access key id:     %s%n", key.accessKeyId());
            out.printf("  secret access key: %s%s%n", key.secretAccessKey(), target.isLocal() ? "" : "   (shown this once)");
            out.printf("  endpoint:          %s   region: %s%s%n", endpoint, d.region(), d.isLocal() ? "   path-style" : "");
            out.printf("rclone (rclone.conf):%n");
            out.printf("  [gallery]%n  type = s3%n  provider = %s%n  access_key_id = %s%n  secret_access_key = %s%n  region = %s%n",
                    d.isLocal() ? "Other" : "AWS", key.accessKeyId(), key.secretAccessKey(), d.region());
            if (d.isLocal()) out.printf("  endpoint = %s%n  force_path_style = true%n", endpoint);
            out.printf("  no_check_bucket = true%n");
            out.printf("then: rclone copy --ignore-existing ~/Pictures/Camera gallery:%s/%sCamera/%n", d.originalsBucket(), key.prefix());
            out.flush();
        }
    }

    @Command(name = "backup-keys", mixinStandardHelpOptions = true, description = "List the members' backup keys: member, folder, access key id, since.")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Clients clients = new Clients(target.deployment())) {
                BackupKeys keys = keys(target, clients, null);
                List<BackupKey> all = keys.list();
                out.printf(Locale.ROOT, "%-32s %-28s %-22s %s%n", "member", "folder", "access key id", "since");
                for (BackupKey k : all) {
                    out.printf(Locale.ROOT, "%-32s %-28s %-22s %s%n", k.email(), k.prefix(), k.accessKeyId(), k.createdAt());
                }
                out.printf("%d backup key%s (%s)%n", all.size(), all.size() == 1 ? "" : "s", keys.where());
                out.flush();
                return 0;
            }
        }
    }
}
