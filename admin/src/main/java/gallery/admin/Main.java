package gallery.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The admin tool: {@code ./gallery admin COMMAND ...}. Subcommands are registered here, in one
 * place; each is a picocli command class returning its exit code.
 */
@Command(name = "gallery admin", mixinStandardHelpOptions = true,
        description = "Administer the family photo gallery.",
        subcommands = {
                RenderCommand.class,
                ReprocessCommand.class,
                UploadCommand.class,
                StatusCommand.class,
                DlqCommand.class,
                UsersCommand.class,
                AlbumsCommand.class,
                LinksCommand.class,
                KeysCommand.class,
                CostCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own output writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        // Exit codes: 0 done, 1 some items failed (or the service refused), 2 usage or configuration.
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof ConfigProblem || e instanceof gallery.core.config.ConfigException) {
                cmd.getErr().println("error: " + e.getMessage());
                cmd.getErr().flush();
                return 2;
            }
            cmd.getErr().println("failed: " + describe(e));
            cmd.getErr().flush();
            return 1;
        });
        return cli;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected one of "
                + spec.subcommands().keySet());
    }
}
