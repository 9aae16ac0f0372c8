package gallery.admin;

import gallery.core.deploy.Deployment;
import gallery.index.PhotoIndex;
import gallery.index.ShareLink;
import gallery.index.ShareLinks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Share links: one album, read-only, for someone without an account, until the link expires or is
 * revoked. Whoever opens {@code <site>/#share=<id>} gets cookies for that album's renditions only
 * (and its originals when the link allows downloads), renewed every few minutes while the link is open.
 */
@Command(name = "links", mixinStandardHelpOptions = true, description = "Make, list and revoke share links to one album.",
        subcommands = {LinksCommand.Create.class, LinksCommand.ListLinks.class, LinksCommand.Revoke.class, CommandLine.HelpCommand.class})
public final class LinksCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected create, list or revoke");
    }

    /** The page that opens a link: the id in the fragment, which browsers send to no server and no log. */
    static String url(Deployment d, ShareLink link) {
        String site = d.endpoints() != null && d.endpoints().edge() != null ? d.endpoints().edge().toString().replaceAll("/+$", "") : "<site>";
        return site + "/#share=" + link.id();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Make a link to ALBUM.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "ALBUM", description = "The album: its folder under photos/.")
        String album;
        @Option(names = "--days", defaultValue = "7", description = "How long it opens the album (1 to 90 days; default ${DEFAULT-VALUE}).")
        int days;
        @Option(names = "--downloads", description = "Let it download the originals too.")
        boolean downloads;

        @Override
        public Integer call() {
            if (days < 1 || days > ShareLinks.MAX_LIFETIME.toDays()) {
                throw new ConfigProblem("--days must be from 1 to " + ShareLinks.MAX_LIFETIME.toDays() + ", got " + days);
            }
            String name = album.strip().replaceAll("^/+|/+$", "");
            Deployment d = target.deployment();
            try (Clients clients = new Clients(d)) {
                if (new PhotoIndex(clients.dynamo(), d.photoTable()).queries().album(name, null, 1).items().isEmpty()) {
                    throw new ConfigProblem("no album named '" + name + "' with a ready photo (albums list names them)");
                }
                ShareLink link = new ShareLinks(clients.dynamo(), d.photoTable(), Clock.systemUTC())
                        .create(name, "admin tool", Duration.ofDays(days), downloads);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("link %s to %s until %s%s%n", link.id(), name, link.expiresAt(), downloads ? ", with downloads" : "");
                out.println(url(d, link));
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every link, newest first, with its state.")
    static final class ListLinks implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;

        @Override
        public Integer call() {
            Deployment d = target.deployment();
            try (Clients clients = new Clients(d)) {
                List<ShareLink> links = new ShareLinks(clients.dynamo(), d.photoTable(), Clock.systemUTC()).list();
                PrintWriter out = spec.commandLine().getOut();
                Instant now = Instant.now();
                out.printf(Locale.ROOT, "%-22s  %-8s  %-20s  %-30s  %s%n", "id", "state", "expires", "album", "made by");
                for (ShareLink l : links) {
                    out.printf(Locale.ROOT, "%-22s  %-8s  %-20s  %-30s  %s%s%n", l.id(), l.state(now).name().toLowerCase(Locale.ROOT),
                            l.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), l.album(), l.createdBy(), l.downloads() ? "  (downloads)" : "");
                }
                out.printf("%d link%s%n", links.size(), links.size() == 1 ? "" : "s");
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = {"Revoke a link: it opens nothing new at once,",
            "and a browser that has it open loses the photos within one cookie lifetime (10 minutes)."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:revoked", "1:no such link"})
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "ID", description = "The link's id (links list).")
        String id;

        @Override
        public Integer call() {
            Deployment d = target.deployment();
            try (Clients clients = new Clients(d)) {
                boolean done = new ShareLinks(clients.dynamo(), d.photoTable(), Clock.systemUTC()).revoke(id.strip());
                spec.commandLine().getOut().println(done ? "revoked " + id.strip() : "no link " + id.strip());
                return done ? 0 : 1;
            }
        }
    }
}
