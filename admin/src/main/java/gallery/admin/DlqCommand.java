package gallery.admin;

import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
     * Moves dead-lettered messages back to their source queue: receive, send, delete (only what was
     * sent, so a failure leaves the message in the dead-letter queue, never lost). Bounded by the
     * dead-letter queue's depth at the start, so a message that fails again and returns while the
     * command runs is not moved round in a loop.
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
                for (Lane lane : chosen) {
                    String dlq = lane.deadLetterUrl(d);
                    if (dlq == null) {
                        out.printf(Locale.ROOT, "%-9s no dead-letter queue in this deployment%n", lane.label());
                        continue;
                    }
                    long found = Queues.depth(clients.sqs(), dlq).visible();
                    long limit = max != null ? max : found;
                    Moved m = limit == 0 ? new Moved(0, 0) : redrive(clients.sqs(), dlq, lane.url(d), limit, spec.commandLine().getErr());
                    failedTotal += m.failed();
                    out.printf(Locale.ROOT, "%-9s %d dead-lettered, %d moved back to %s, %d failed%n",
                            lane.label(), found, m.moved(), lane.label(), m.failed());
                    out.flush();
                }
            }
            return failedTotal == 0 ? 0 : 1;
        }
    }

    record Moved(int moved, int failed) {
    }

    static Moved redrive(SqsClient sqs, String from, String to, long limit, PrintWriter err) {
        int moved = 0, failed = 0, emptyReceives = 0;
        Set<String> seen = new HashSet<>();
        while (moved + failed < limit && emptyReceives < 2) {
            int want = (int) Math.min(10, limit - moved - failed);
            // Hidden for a minute while we move them; one that we fail to send reappears in the DLQ.
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(from).maxNumberOfMessages(want)
                    .waitTimeSeconds(1).visibilityTimeout(60).messageAttributeNames("All")).messages();
            if (messages.isEmpty()) {
                emptyReceives++;
                continue;
            }
            emptyReceives = 0;
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                Message m = messages.get(i);
                if (!seen.add(m.messageId())) continue; // received again within this run: already counted
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(m.body())
                        .messageAttributes(m.messageAttributes()).build());
            }
            if (entries.isEmpty()) break;
            SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(to).entries(entries));
            for (var f : sent.failed()) {
                failed++;
                err.println("could not move message " + messages.get(Integer.parseInt(f.id())).messageId() + ": " + f.code() + " " + f.message());
            }
            List<DeleteMessageBatchRequestEntry> delete = sent.successful().stream()
                    .map(s -> DeleteMessageBatchRequestEntry.builder().id(s.id())
                            .receiptHandle(messages.get(Integer.parseInt(s.id())).receiptHandle()).build())
                    .toList();
            if (!delete.isEmpty()) {
                var deleted = sqs.deleteMessageBatch(b -> b.queueUrl(from).entries(delete));
                // A message sent but not deleted is delivered twice: consumers are idempotent, so say so and go on.
                for (var f : deleted.failed()) err.println("moved but not deleted from the dead-letter queue (will be seen again): " + f.id() + " " + f.message());
                moved += delete.size();
            }
        }
        return new Moved(moved, failed);
    }
}
