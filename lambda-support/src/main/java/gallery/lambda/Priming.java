package gallery.lambda;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * SnapStart priming: a handler registers the work that warms its hot path, and Lambda runs it once,
 * before it snapshots the initialised function, so classes loaded, JIT-compiled code and native
 * libraries set up then are in every restored instance instead of in the first requests.
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html
 * <p>
 * A prime must make no network call (there may be no credentials yet, and a connection in the
 * snapshot is dead after restore) and change nothing outside the process. It is best-effort: a
 * failure is logged and the snapshot is taken unprimed, never refused.
 */
public final class Priming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    private final String what;
    private final Runnable prime;

    private Priming(String what, Runnable prime) {
        this.what = Objects.requireNonNull(what, "what");
        this.prime = Objects.requireNonNull(prime, "prime");
    }

    /**
     * Registers {@code prime} with the global CRaC context. Keep the returned object in a field: a
     * context may hold its resources only weakly.
     */
    public static Priming register(String what, Runnable prime) {
        Priming priming = new Priming(what, prime);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        try {
            prime.run();
            LOG.info("{} primed for the snapshot in {} ms", what, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("{} priming failed, the snapshot is taken unprimed", what, e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to undo: primes hold no connections, files or secrets.
    }

    /** A small JPEG made in memory (a gradient, so the codecs have detail to work on), for priming image paths. */
    public static byte[] sampleJpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(230, 180, 60)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpeg", out)) throw new IllegalStateException("this JVM has no JPEG writer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
