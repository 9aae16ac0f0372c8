package gallery.local.s3;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out S3-style sequencers: hex strings that increase with every event. They come from the
 * clock in microseconds, so they keep increasing across restarts of the stack (S3 keeps them
 * increasing per key forever, and the photo index compares them with stored ones).
 */
final class SequencerClock {
    private final AtomicLong last = new AtomicLong();

    String next() {
        long now = System.currentTimeMillis() * 1000;
        long value = last.updateAndGet(prev -> Math.max(prev + 1, now));
        // Fixed width, so string order is numeric order (S3's look like 0055AED6DCD90281E5).
        return String.format("%018X", value);
    }
}
