package gallery.admin;

import gallery.core.AlbumAccess;
import gallery.core.deploy.Deployment;
import gallery.index.AlbumSummary;
import gallery.index.PhotoIndex;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * Who sees which album: an album (a folder under {@code photos/}) is for everyone, or for named
 * groups of the user pool (a rule on a folder covers its subfolders). The rule lives in the photo
 * index ({@link gallery.index.PhotoQueries#albumAccess()}); the api lists only what the caller may see.
 */
@Command(name = "albums", mixinStandardHelpOptions = true, description = "List the albums and who may see them; make an album for some groups only.",
        subcommands = {AlbumsCommand.ListAlbums.class, AlbumsCommand.Access.class, AlbumsCommand.Publish.class, CommandLine.HelpCommand.class})
public final class AlbumsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected list or access");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the albums with their photo counts and who may see them.")
    static final class ListAlbums implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Deployment d = target.deployment();
            try (Clients clients = new Clients(d)) {
                PhotoIndex index = new PhotoIndex(clients.dynamo(), d.photoTable());
                AlbumAccess access = index.queries().albumAccess();
                Map<String, Long> counts = new TreeMap<>();
                for (AlbumSummary a : index.queries().albums()) counts.put(a.name(), a.count());
                for (String ruled : access.rules().keySet()) counts.putIfAbsent(ruled, 0L);
                out.printf(Locale.ROOT, "%-40s %7s  %s%n", "album", "photos", "for");
                counts.forEach((album, n) -> out.printf(Locale.ROOT, "%-40s %7d  %s%s%n", album.isEmpty() ? "(root)" : album, n,
                        AlbumAccess.describe(access.groupsOf(album)), access.rules().containsKey(album) ? "" : inherited(access, album)));
                out.printf("%d album%s, %d rule%s%n", counts.size(), counts.size() == 1 ? "" : "s", access.rules().size(),
                        access.rules().size() == 1 ? "" : "s");
                out.flush();
                return 0;
            }
        }

        private static String inherited(AlbumAccess access, String album) {
            return access.groupsOf(album).isEmpty() ? "" : " (from its parent folder)";
        }
    }

    @Command(name = "access", mixinStandardHelpOptions = true,
            description = {"Make an album (and its subfolders without a rule of their own) for some groups of the user pool only,",
                    "or for everyone again. Members of the admin group see every album."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:set", "2:usage or configuration error (e.g. no such group)"})
    static final class Access implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "ALBUM", description = "The album: its folder under photos/, e.g. \"Parents\" or \"Family/Grandma\".")
        String album;

        static final class Who {
            @Option(names = "--groups", split = ",", paramLabel = "GROUP", required = true,
                    description = "The user-pool groups it is for, comma-separated (see: users group).")
            List<String> groups;
            @Option(names = "--everyone", required = true, description = "For everyone again.")
            boolean everyone;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Who who;

        @Override
        public Integer call() {
            String name = album.strip().replaceAll("^/+|/+$", "");
            Set<String> groups = who.everyone ? Set.of() : new TreeSet<>(who.groups.stream().map(String::strip).filter(g -> !g.isEmpty()).toList());
            if (!who.everyone && groups.isEmpty()) throw new ConfigProblem("--groups names no group");
            Deployment d = target.deployment();
            try (Clients clients = new Clients(d)) {
                List<String> missing = new ArrayList<>();
                for (String g : groups) {
                    try {
                        clients.cognito().getGroup(r -> r.userPoolId(d.userPoolId()).groupName(g));
                    } catch (ResourceNotFoundException e) {
                        missing.add(g);
                    }
                }
                // A typo would hide the album from everyone but the admins: refuse it instead.
                if (!missing.isEmpty()) {
                    throw new ConfigProblem("no group " + String.join(", ", missing) + " in the user pool: add someone to it first (users group EMAIL GROUP)");
                }
                PhotoIndex index = new PhotoIndex(clients.dynamo(), d.photoTable());
                index.setAlbumAccess(name, groups);
                spec.commandLine().getOut().printf("%s is for %s%n", name.isEmpty() ? "(root)" : name, AlbumAccess.describe(groups)
                        + (groups.isEmpty() ? "" : " (and the admins), with its subfolders that have no rule of their own"));
                // The URLs the API hands out change label at once; the edge must accept the new one and refuse the old.
                spec.commandLine().getOut().println(EdgeRules.publish(target, clients, index.queries().albumAccess()));
                return 0;
            }
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Publish the album rules to the edge (in AWS, the stack's CloudFront Function). Run it after every deploy:",
                    "a deployed function refuses every member photo URL until it has the rules. access publishes by itself."})
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;

        @Override
        public Integer call() {
            Deployment d = target.deployment();
            try (Clients clients = new Clients(d)) {
                spec.commandLine().getOut().println(EdgeRules.publish(target, clients, new PhotoIndex(clients.dynamo(), d.photoTable()).queries().albumAccess()));
                return 0;
            }
        }
    }
}
