package gallery.local.lambda;

import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The functions' log lines: each goes to this process's log as {@code lambda.<function>} (INFO, so
 * {@code ./gallery up --verbose} shows them) and the latest are kept for whoever asks (tests, reports).
 */
public final class RecordedLogs implements FunctionLogs {
    /** One line, as CloudWatch would store it in the function's log group. */
    public record Line(String function, String environment, String text) {
    }

    private final int keep;
    private final Deque<Line> lines = new ArrayDeque<>();

    public RecordedLogs(int keep) {
        this.keep = keep;
    }

    @Override
    public void line(String function, String environment, String line) {
        LoggerFactory.getLogger("lambda." + function).info("{}", line);
        synchronized (lines) {
            if (lines.size() == keep) lines.removeFirst();
            lines.addLast(new Line(function, environment, line));
        }
    }

    /** The kept lines of {@code function}, oldest first. */
    public List<Line> of(String function) {
        List<Line> out = new ArrayList<>();
        synchronized (lines) {
            for (Line l : lines) if (l.function().equals(function)) out.add(l);
        }
        return out;
    }

    public List<Line> all() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
