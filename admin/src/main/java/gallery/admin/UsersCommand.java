package gallery.admin;

import gallery.core.deploy.Deployment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The people who may sign in: Cognito users of the deployment's user pool, named by their email
 * address (the pool's username). Invitations carry a temporary password; the first sign-in answers
 * Cognito's NEW_PASSWORD_REQUIRED challenge with a password of the user's own.
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Invite, list, disable, enable and remove the people who may sign in.",
        subcommands = {UsersCommand.Invite.class, UsersCommand.ListUsers.class, UsersCommand.Disable.class,
                UsersCommand.Enable.class, UsersCommand.Remove.class, UsersCommand.Group.class,
                BackupKeyCommand.Issue.class, BackupKeyCommand.ListKeys.class, CommandLine.HelpCommand.class})
public final class UsersCommand implements Runnable {
    /** The group whose members see failures and run admin tasks (the api's ADMIN_GROUP). */
    static final String DEFAULT_ADMIN_GROUP = "admins";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected invite, list, disable, enable, remove, group, backup-key or backup-keys");
    }

    static String email(String value) {
        String e = value.trim().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(e).matches()) throw new ConfigProblem("'" + value + "' is not an email address");
        return e;
    }

    @Command(name = "invite", mixinStandardHelpOptions = true,
            description = {"Create a user with a temporary password and print it (with --send-email, Cognito also emails it).",
                    "The first sign-in asks for a new password."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:invited", "1:the user exists already, or Cognito refused", "2:usage or configuration error"})
    static final class Invite implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "EMAIL", description = "The person's email address (their sign-in name).")
        String email;
        @Option(names = "--name", paramLabel = "NAME", description = "Their name, as the gallery greets them.")
        String name;
        @Option(names = "--admin", description = "Add them to the admin group.")
        boolean admin;
        @Option(names = "--admin-group", defaultValue = DEFAULT_ADMIN_GROUP, paramLabel = "GROUP", description = "The admin group (default: ${DEFAULT-VALUE}).")
        String adminGroup;
        @Option(names = "--send-email", description = "Let Cognito email the invitation too (AWS; the local emulator only logs it).")
        boolean sendEmail;

        @Override
        public Integer call() {
            String user = email(email);
            PrintWriter out = spec.commandLine().getOut();
            Deployment d = target.deployment();
            String password = temporaryPassword();
            try (Clients clients = new Clients(d)) {
                CognitoIdentityProviderClient cognito = clients.cognito();
                List<AttributeType> attributes = new ArrayList<>(List.of(
                        AttributeType.builder().name("email").value(user).build(),
                        // The admin vouches for the address; without this Cognito cannot send a reset code to it.
                        AttributeType.builder().name("email_verified").value("true").build()));
                if (name != null && !name.isBlank()) attributes.add(AttributeType.builder().name("name").value(name.trim()).build());
                AdminCreateUserRequest.Builder req = AdminCreateUserRequest.builder().userPoolId(d.userPoolId())
                        .username(user).temporaryPassword(password).userAttributes(attributes);
                if (sendEmail) req.desiredDeliveryMediums(DeliveryMediumType.EMAIL);
                else req.messageAction(MessageActionType.SUPPRESS);
                try {
                    cognito.adminCreateUser(req.build());
                } catch (UsernameExistsException e) {
                    spec.commandLine().getErr().println(user + " is already a user (see: users list)");
                    return 1;
                }
                if (admin) cognito.adminAddUserToGroup(r -> r.userPoolId(d.userPoolId()).username(user).groupName(adminGroup));
                out.printf("invited %s%s%s%n", user, name == null ? "" : " (" + name.trim() + ")", admin ? " as an admin" : "");
                out.printf("temporary password: %s%n", password);
                out.println("the first sign-in asks for a new password" + (sendEmail ? "; Cognito has emailed the invitation" : ""));
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users: email, name, status, enabled, admin.")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Option(names = "--admin-group", defaultValue = DEFAULT_ADMIN_GROUP, paramLabel = "GROUP", description = "The admin group (default: ${DEFAULT-VALUE}).")
        String adminGroup;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Deployment d = target.deployment();
            try (Clients clients = new Clients(d)) {
                CognitoIdentityProviderClient cognito = clients.cognito();
                Set<String> admins = new HashSet<>();
                try {
                    for (UserType u : cognito.listUsersInGroupPaginator(r -> r.userPoolId(d.userPoolId()).groupName(adminGroup)).users()) {
                        admins.add(u.username());
                    }
                } catch (CognitoIdentityProviderException e) {
                    spec.commandLine().getErr().println("admin group " + adminGroup + " could not be read: " + e.awsErrorDetails().errorMessage());
                }
                out.printf(Locale.ROOT, "%-32s %-20s %-22s %-8s %s%n", "email", "name", "status", "enabled", "admin");
                int n = 0;
                for (UserType u : cognito.listUsersPaginator(r -> r.userPoolId(d.userPoolId())).users()) {
                    n++;
                    out.printf(Locale.ROOT, "%-32s %-20s %-22s %-8s %s%n", attribute(u, "email", u.username()), attribute(u, "name", "-"),
                            u.userStatusAsString(), Boolean.TRUE.equals(u.enabled()) ? "yes" : "no", admins.contains(u.username()) ? "yes" : "no");
                }
                out.printf("%d user%s%n", n, n == 1 ? "" : "s");
                out.flush();
                return 0;
            }
        }

        private static String attribute(UserType u, String name, String fallback) {
            return u.attributes().stream().filter(a -> a.name().equals(name)).map(AttributeType::value).findFirst().orElse(fallback);
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = {"Stop a user signing in, sign them out everywhere and revoke their backup key: their tokens are revoked, so the gallery",
                    "refuses them new photo cookies and API answers at once (within the one-minute user check);",
                    "photo cookies already issued run out within their lifetime (COOKIE_LIFETIME, 10 minutes by default)."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:disabled", "1:no such user", "2:usage or configuration error"})
    static final class Disable implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() {
            int done = onUser(spec, target, email, (cognito, d, user) -> {
                cognito.adminDisableUser(r -> r.userPoolId(d.userPoolId()).username(user));
                signOutEverywhere(cognito, d, user);
                return "disabled " + user + " and signed them out everywhere";
            });
            // Enabling them again does not bring the key back: the admin issues a new one.
            if (done == 0) BackupKeyCommand.revokeIfAny(target, email(email), spec.commandLine().getOut());
            return done;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled user sign in again.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:enabled", "1:no such user", "2:usage or configuration error"})
    static final class Enable implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() {
            return onUser(spec, target, email, (cognito, d, user) -> {
                cognito.adminEnableUser(r -> r.userPoolId(d.userPoolId()).username(user));
                return "enabled " + user;
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Sign a user out everywhere and delete them from the user pool.",
                    "The gallery refuses their tokens at once; photo cookies already issued run out within their lifetime."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:removed", "1:no such user", "2:usage or configuration error"})
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() {
            int done = onUser(spec, target, email, (cognito, d, user) -> {
                // Signed out first: deleting revokes the tokens too, but a failure between the two calls
                // must leave the user signed out, never deleted with live sessions.
                signOutEverywhere(cognito, d, user);
                cognito.adminDeleteUser(r -> r.userPoolId(d.userPoolId()).username(user));
                return "removed " + user + " and signed them out everywhere";
            });
            if (done == 0) BackupKeyCommand.revokeIfAny(target, email(email), spec.commandLine().getOut());
            return done;
        }
    }

    @Command(name = "group", mixinStandardHelpOptions = true,
            description = {"Put a user in a group of the user pool (made if missing), or take them out with --remove.",
                    "Albums can be for some groups only (albums access). Taken out, they are signed out everywhere, so no",
                    "token still names the group; put in, their next sign-in or token refresh (within an hour) carries it."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:done", "1:no such user or group", "2:usage or configuration error"})
    static final class Group implements Callable<Integer> {
        private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,128}");
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(index = "0", paramLabel = "EMAIL")
        String email;
        @Parameters(index = "1", paramLabel = "GROUP", description = "e.g. parents")
        String group;
        @Option(names = "--remove", description = "Take them out of the group.")
        boolean remove;

        @Override
        public Integer call() {
            String name = group.strip();
            if (!NAME.matcher(name).matches() || name.contains(",")) throw new ConfigProblem("'" + group + "' is not a group name (letters, digits, punctuation, no comma)");
            return onUser(spec, target, email, (cognito, d, user) -> {
                if (remove) {
                    cognito.adminRemoveUserFromGroup(r -> r.userPoolId(d.userPoolId()).username(user).groupName(name));
                    signOutEverywhere(cognito, d, user);
                    return "took " + user + " out of " + name + " and signed them out everywhere";
                }
                try {
                    cognito.getGroup(r -> r.userPoolId(d.userPoolId()).groupName(name));
                } catch (ResourceNotFoundException e) {
                    cognito.createGroup(r -> r.userPoolId(d.userPoolId()).groupName(name));
                }
                cognito.adminAddUserToGroup(r -> r.userPoolId(d.userPoolId()).username(user).groupName(name));
                return "put " + user + " in " + name;
            });
        }
    }

    /** Something done to one user of the pool; answers what was done. */
    interface UserAction {
        String apply(CognitoIdentityProviderClient cognito, Deployment d, String user);
    }

    /** Runs {@code action} on the user named by {@code email}: exit 0 and its answer printed, or 1 for no such user. */
    static int onUser(CommandSpec spec, Target target, String email, UserAction action) {
        String user = email(email);
        Deployment d = target.deployment();
        try (Clients clients = new Clients(d)) {
            String done;
            try {
                done = action.apply(clients.cognito(), d, user);
            } catch (UserNotFoundException e) {
                spec.commandLine().getErr().println("no user " + user);
                return 1;
            } catch (ResourceNotFoundException e) {
                spec.commandLine().getErr().println(e.awsErrorDetails().errorMessage());
                return 1;
            }
            spec.commandLine().getOut().println(done);
            return 0;
        }
    }

    /** Revokes every token of the user (AdminUserGlobalSignOut): Cognito refuses them from now on, and so does the gallery. */
    static void signOutEverywhere(CognitoIdentityProviderClient cognito, Deployment d, String user) {
        cognito.adminUserGlobalSignOut(r -> r.userPoolId(d.userPoolId()).username(user));
    }

    /** Meets Cognito's default password policy: 8+ characters with upper, lower, digit and symbol. */
    static String temporaryPassword() {
        SecureRandom r = new SecureRandom();
        String lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) b.append(lower.charAt(r.nextInt(lower.length())));
        for (int i = 0; i < 3; i++) b.append(upper.charAt(r.nextInt(upper.length())));
        for (int i = 0; i < 3; i++) b.append(digits.charAt(r.nextInt(digits.length())));
        return "Tmp-" + b;
    }
}
