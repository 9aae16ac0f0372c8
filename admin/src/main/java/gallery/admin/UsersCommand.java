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
@Command(name = "users", mixinStandardHelpOptions = true, description = "Invite, list, disable and enable the people who may sign in.",
        subcommands = {UsersCommand.Invite.class, UsersCommand.ListUsers.class, UsersCommand.Disable.class,
                UsersCommand.Enable.class, CommandLine.HelpCommand.class})
public final class UsersCommand implements Runnable {
    /** The group whose members see failures and run admin tasks (the api's ADMIN_GROUP). */
    static final String DEFAULT_ADMIN_GROUP = "admins";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected invite, list, disable or enable");
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
            description = {"Stop a user signing in, and sign them out everywhere (refresh tokens revoked).",
                    "Access tokens and signed cookies already issued run out within their lifetime (at most an hour)."},
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
            String user = email(email);
            Deployment d = target.deployment();
            try (Clients clients = new Clients(d)) {
                try {
                    clients.cognito().adminDisableUser(r -> r.userPoolId(d.userPoolId()).username(user));
                } catch (UserNotFoundException e) {
                    spec.commandLine().getErr().println("no user " + user);
                    return 1;
                }
                String signOut;
                try {
                    clients.cognito().adminUserGlobalSignOut(r -> r.userPoolId(d.userPoolId()).username(user));
                    signOut = "signed out everywhere";
                } catch (CognitoIdentityProviderException e) {
                    // cognito-local has no AdminUserGlobalSignOut; AWS Cognito has.
                    signOut = "could not sign out their sessions (" + e.awsErrorDetails().errorMessage() + "); they end when their tokens expire";
                }
                spec.commandLine().getOut().println("disabled " + user + "; " + signOut);
                return 0;
            }
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
            String user = email(email);
            Deployment d = target.deployment();
            try (Clients clients = new Clients(d)) {
                try {
                    clients.cognito().adminEnableUser(r -> r.userPoolId(d.userPoolId()).username(user));
                } catch (UserNotFoundException e) {
                    spec.commandLine().getErr().println("no user " + user);
                    return 1;
                }
                spec.commandLine().getOut().println("enabled " + user);
                return 0;
            }
        }
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
