package gallery.bench.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the resident memory of the gallery process and, separately, of its children (cognito-local's
 * node) every few hundred milliseconds, and keeps the peaks of the current window. The load generator
 * runs in another JVM, so its memory is not in these figures.
 */
public final class ProcessSampler implements AutoCloseable {
    /** Peaks of one window (a phase), in kB, and the CPU seconds used in it. */
    record Window(long galleryPeakRssKb, long childrenPeakRssKb, long galleryHwmKb, double galleryCpuSeconds,
                  double childrenCpuSeconds, int samples, String heapAtEnd) {
    }

    private final ProcessHandle gallery;
    private final Thread thread;
    private final AtomicLong galleryPeak = new AtomicLong();
    private final AtomicLong childrenPeak = new AtomicLong();
    private final AtomicLong count = new AtomicLong();
    private volatile boolean running = true;
    private double galleryCpu0;
    private double childrenCpu0;

    public ProcessSampler(ProcessHandle gallery, Duration every) {
        this.gallery = gallery;
        this.thread = Thread.ofPlatform().daemon().name("rss-sampler").start(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        begin();
    }

    long pid() {
        return gallery.pid();
    }

    /** The gallery's resident memory now, for progress lines: {@code 1234 MiB}, or {@code ?}. */
    String rssNow() {
        return ProcStats.statusKb(gallery.pid(), "VmRSS").stream().mapToObj(kb -> (kb / 1024) + " MiB").findFirst().orElse("?");
    }

    /** Starts a new window: peaks cleared, CPU counted from now. */
    synchronized void begin() {
        galleryPeak.set(0);
        childrenPeak.set(0);
        count.set(0);
        sample();
        galleryCpu0 = ProcStats.cpuSeconds(gallery.pid());
        childrenCpu0 = childrenCpu();
    }

    /** The window since {@link #begin()}, with one last sample. */
    synchronized Window end() {
        sample();
        return new Window(galleryPeak.get(), childrenPeak.get(), ProcStats.statusKb(gallery.pid(), "VmHWM").orElse(0),
                ProcStats.cpuSeconds(gallery.pid()) - galleryCpu0, childrenCpu() - childrenCpu0, (int) count.get(),
                ProcStats.heap(gallery.pid(), false).orElse("?"));
    }

    private void sample() {
        ProcStats.statusKb(gallery.pid(), "VmRSS").ifPresent(kb -> galleryPeak.accumulateAndGet(kb, Math::max));
        long children = gallery.descendants().mapToLong(p -> ProcStats.statusKb(p.pid(), "VmRSS").orElse(0)).sum();
        childrenPeak.accumulateAndGet(children, Math::max);
        count.incrementAndGet();
    }

    private double childrenCpu() {
        return gallery.descendants().mapToDouble(p -> ProcStats.cpuSeconds(p.pid())).sum();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
