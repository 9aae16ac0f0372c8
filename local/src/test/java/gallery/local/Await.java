package gallery.local;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something the stack does in the background; the limit is generous, never asserted. */
final class Await {
    private Await() {
    }

    static <T> T until(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            T value = probe.get();
            if (value != null && !(value instanceof Boolean b && !b)) return value;
            if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
