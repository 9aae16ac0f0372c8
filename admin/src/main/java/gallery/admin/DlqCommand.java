package gallery.admin;

import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** Dead-letter queues: {@code dlq redrive}. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Dead-letter queues.",
        subcommands = {DlqCommand.Redrive.class, CommandLine.HelpCommand.class})
public final class DlqCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected redrive");
    }

    /**
     * Moves dead-lettered messages back to the lane each came from, from the lane's own dead-letter queue or
     * the one all lanes share ({@link DeadLetters}), and reports the counts per lane.
     */
    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Move dead-lettered messages back to their source queue and report the counts.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every message found was moved", "1:some messages could not be moved", "2:usage or configuration error"})
    public static final class Redrive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Option(names = "--lane", paramLabel = "LANE", split = ",",
                description = "Which lanes: ${COMPLETION-CANDIDATES} (default: all).")
        Set<Lane> lanes;

        @Option(names = "--max", paramLabel = "N", description = "Move at most N messages per lane (default: the dead-letter queue's depth at the start).")
        Integer max;

        @Override
        public Integer call() {
            if (max != null && max < 1) throw new ConfigProblem("--max " + max + ": expected at least 1");
            PrintWriter out = spec.commandLine().getOut();
            Deployment d = target.deployment();
            Set<Lane> chosen = lanes == null || lanes.isEmpty() ? EnumSet.allOf(Lane.class) : EnumSet.copyOf(lanes);
            int failedTotal = 0;
            try (Clients clients = new Clients(d)) {
                DeadLetters dead = new DeadLetters(clients.sqs(), d);
                Map<Lane, DeadLetters.Tally> done = dead.redrive(chosen, max, spec.commandLine().getErr());
                for (Lane lane : chosen) {
                    DeadLetters.Tally t = done.get(lane);
                    if (t == null) {
                        out.printf(Locale.ROOT, "%-9s no dead-letter queue in this deployment%n", lane.label());
                        continue;
                    }
                    failedTotal += t.failed();
                    out.printf(Locale.ROOT, "%-9s %d dead-lettered, %d moved back to %s, %d failed%n",
                            lane.label(), t.found(), t.moved(), lane.label(), t.failed());
                }
                out.flush();
            }
            return failedTotal == 0 ? 0 : 1;
        }
    }

}
