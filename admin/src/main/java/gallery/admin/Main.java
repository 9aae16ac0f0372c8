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
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected one of "
                + spec.subcommands().keySet());
    }
}
