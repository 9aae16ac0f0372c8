package gallery.resize;

import gallery.core.PhotoKey;
import gallery.core.PhotoVersion;
import gallery.core.RenditionKey;
import gallery.core.ResizedKey;
import gallery.core.UrlPaths;
import gallery.core.preset.OutputFormat;
import gallery.core.preset.Presets;
import gallery.core.routes.ImageAccept;
import gallery.core.telemetry.GalleryMetrics;
import gallery.core.telemetry.LogContext;
import gallery.imaging.BadImage;
import gallery.imaging.Renderer;
import gallery.imaging.Encoded;
import gallery.index.PhotoIndex;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import gallery.aws.S3Objects;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Odd sizes on demand: {@code GET /resize/<w>x<h>/<photo key>?v=<version>}, in the format the
 * browser's {@code Accept} allows (AVIF, else WebP, else JPEG), free of Lambda types.
 * <ol>
 *   <li>The request is parsed and checked (sizes within bounds, no path tricks): 400 naming the parameter.</li>
 *   <li>The photo must be in the index: 404 otherwise.</li>
 *   <li>A request that is not the canonical URL ({@link Canonical}, the current {@code v}) is redirected
 *       to it, so the edge holds one copy per picture and the number of renders per photo is bounded.</li>
 *   <li>The source is the smallest rendition at least as large as the output, else the original. For a
 *       canonical (square) box it is fetched while the index is read ({@link #prefetch}): one round trip less.</li>
 *   <li>The result is answered inline, immutable for a year; or, when larger than fits in a Lambda
 *       response, stored in the derived bucket under {@code renditions/resized/<key>/<edge>x<edge>.<ext>}
 *       ({@link ResizedKey}; served by the edge's {@code /renditions/*} behaviour) and redirected to.</li>
 * </ol>
 */
public final class Resizer {
    private static final Logger LOG = LoggerFactory.getLogger(Resizer.class);
    /** Where results too large for a Lambda response go; under renditions/ so the edge serves them as renditions. */
    public static final String LARGE_PREFIX = ResizedKey.PREFIX;
    /** A snapped size's redirect is stable for a day; not immutable, since the bounds are configuration. */
    static final String SNAP_REDIRECT_CACHE = "public, max-age=86400";

    /** The request, free of Lambda types: the path as received, the {@code v} parameter and {@code Accept}. */
    public record Call(String method, String rawPath, String version, String accept) {
    }

    private final ResizeConfig config;
    private final SizeLadder ladder;
    private final PhotoIndex index;
    private final S3Client s3;
    private final S3Objects objects;
    private final Renderer renderer;
    private final GalleryMetrics metrics = GalleryMetrics.forThisProcess();
    /** Reads the likely source rendition beside the index read; virtual threads, as the calls only wait. */
    private final ExecutorService prefetcher = Executors.newVirtualThreadPerTaskExecutor();

    public Resizer(ResizeConfig config, PhotoIndex index, S3Client s3, Renderer renderer) {
        this.config = Objects.requireNonNull(config, "config");
        this.ladder = config.ladder();
        this.index = Objects.requireNonNull(index, "index");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.objects = new S3Objects(s3);
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    public Reply handle(Call call) {
        if (!"GET".equals(call.method()) && !"HEAD".equals(call.method())) {
            Reply r = Reply.error(405, call.method() + " is not allowed: use GET", null);
            return new Reply(405, merge(r.headers(), Map.of("Allow", "GET, HEAD")), r.body());
        }
        ResizeRequest request;
        try {
            request = ResizeRequest.parse(call.rawPath(), call.version(), ladder);
        } catch (BadRequest e) {
            return Reply.error(400, e.getMessage(), e.parameter());
        }
        LogContext.photo(request.key().value());
        try {
            return resize(request, call.accept());
        } catch (BadImage e) {
            LOG.warn("{}: source cannot be rendered: {}", request.key(), e.getMessage());
            return Reply.error(404, "photo " + request.key() + " cannot be rendered", null);
        } catch (RuntimeException e) {
            LOG.error("resizing {} failed", call.rawPath(), e);
            return Reply.error(500, "internal error", null);
        }
    }

    private Reply resize(ResizeRequest request, String accept) {
        Prefetch early = prefetch(request);
        try {
            return resize(request, accept, early);
        } finally {
            // A redirect, a 404 or another source leaves the early read unused: stop it rather than let it finish.
            if (early != null) early.bytes().cancel(true);
        }
    }

    private Reply resize(ResizeRequest request, String accept, Prefetch early) {
        PhotoKey key = request.key();
        Optional<PhotoRow> found = index.get(key);
        if (found.isEmpty()) return Reply.error(404, "no photo with key " + key, null);
        PhotoRow row = found.get();
        if (row.status() == PhotoStatus.FAILED) return Reply.error(404, "photo " + key + " failed to process", null);
        if (row.metadata().width() == null || row.metadata().height() == null) {
            return Reply.error(404, "photo " + key + " has not been indexed yet", null);
        }
        String version = PhotoVersion.of(row.version().eTag());
        Canonical canonical = Canonical.of(request.width(), request.height(), row.metadata().width(), row.metadata().height(), ladder);
        boolean currentVersion = request.version().map(version::equals).orElse(version.isEmpty());
        if (!currentVersion) {
            // A stale or missing v: the target changes whenever the photo is replaced, so do not let it be cached.
            return Reply.redirect(302, canonical.url(key, version), "no-store", false);
        }
        if (!canonical.matches(request.width(), request.height())) {
            return Reply.redirect(301, canonical.url(key, version), SNAP_REDIRECT_CACHE, false);
        }

        OutputFormat format = negotiate(accept, renderer::canEncode);
        long started = System.nanoTime();
        Source source = source(row, canonical.outputEdge(), early);
        Encoded out = renderer.resize(key.value(), source.bytes(), canonical.outputEdge(), canonical.outputEdge(), OnDemandEncoding.of(format));
        metrics.resized(source.kind(), Duration.ofNanos(System.nanoTime() - started));
        // Every result is stored under the photo's own prefix, also those answered inline: the prefix is the
        // record of what the edge may hold under /resize/ for this photo, so a removal or a replacement finds
        // and invalidates each one (docs/architecture.md, "What is derived from an original").
        String storedKey = largeKey(canonical.edge(), key, format);
        s3.putObject(b -> b.bucket(config.derivedBucket()).key(storedKey).contentType(format.contentType())
                        .cacheControl(Reply.IMMUTABLE).metadata(Map.of("source-version", version)),
                RequestBody.fromBytes(out.data()));
        if (!stillCurrent(key, row.version().eTag())) {
            // Deleted or replaced while we resized: that event's cleanup may have listed the prefix before
            // our write, so the result is removed here, and not answered.
            s3.deleteObject(b -> b.bucket(config.derivedBucket()).key(storedKey));
            LOG.info("{} changed while it was resized; result {} removed", key, storedKey);
            return Reply.error(404, "photo " + key + " was deleted or replaced", null);
        }
        // The stored result expires (ResizedKey.LIFETIME_DAYS), and with it the record a removal would
        // invalidate from: so the edge may keep an answer, inline or redirect, for less than that.
        String cache = "public, max-age=" + ResizedKey.REDIRECT_MAX_AGE_SECONDS;
        if (out.bytes() <= config.inlineMaxBytes()) return Reply.image(out.data(), format.contentType(), cache);
        LOG.info("{} is {} bytes, over the inline limit of {}: answered from {}", key, out.bytes(), config.inlineMaxBytes(), storedKey);
        return Reply.redirect(302, "/" + UrlPaths.encodeKey(storedKey) + (version.isEmpty() ? "" : "?v=" + version), cache, true);
    }

    private boolean stillCurrent(PhotoKey key, String eTag) {
        return index.get(key).map(r -> java.util.Objects.equals(r.version().eTag(), eTag) && r.status() != PhotoStatus.FAILED).orElse(false);
    }

    /** AVIF when the browser takes it and this libvips can encode it, else WebP when taken, else JPEG. */
    static OutputFormat negotiate(String accept, Predicate<OutputFormat> canEncode) {
        OutputFormat wanted = ImageAccept.format(accept);
        if (wanted == OutputFormat.AVIF && !canEncode.test(OutputFormat.AVIF)) {
            // Every browser that decodes AVIF decodes WebP.
            wanted = OutputFormat.WEBP;
        }
        if (wanted == OutputFormat.WEBP && !canEncode.test(OutputFormat.WEBP)) wanted = OutputFormat.JPEG;
        return wanted;
    }

    /**
     * {@code renditions/resized/<key>/<edge>x<edge>.<ext>}: deterministic, so a retry overwrites; one
     * prefix per photo, so removing the photo finds every result with one listing.
     */
    public static String largeKey(int edge, PhotoKey key, OutputFormat format) {
        return new ResizedKey(edge, key, format).value();
    }

    /**
     * The smallest rendition whose longest edge covers the output, the JPEG one of a size first. Not only
     * does JPEG decode faster and shrink on load: libaom takes five times longer on what a WebP decodes to.
     * A 3840 px rendition resized to 2896 px AVIF at effort 2, libvips 8.14, the bench's 24 MP photo: from
     * the JPEG 1,065 ms, from the WebP 5,515 ms; to WebP or JPEG the two sources are within 30%.
     */
    static Optional<gallery.core.Rendition> sourceRendition(java.util.List<gallery.core.Rendition> renditions, int outputEdge) {
        return renditions.stream()
                .filter(r -> Math.max(r.width(), r.height()) >= outputEdge)
                .min(Comparator.<gallery.core.Rendition>comparingInt(r -> Math.max(r.width(), r.height()))
                        .thenComparing(r -> r.format() != OutputFormat.JPEG));
    }

    /** What a resize read: {@code rendition} or {@code original} (the metrics' dimension), and its bytes. */
    private record Source(String kind, byte[] bytes) {
    }

    /** A rendition read started before the index said which one to read. */
    private record Prefetch(String key, Future<byte[]> bytes) {
    }

    /**
     * The web asks canonical URLs, square boxes whose edge is the output's longest edge unless the photo is
     * smaller; the source is then the default preset's smallest size that covers it. Fetching it while the
     * index is read takes the S3 round trip out of the viewer's wait; when the index names another source
     * (a JPEG preset, a photo smaller than the box), the bytes are dropped and the right one read, as before.
     * Null for any other box. The index still decides: nothing fetched here is used unless it names that key.
     */
    private Prefetch prefetch(ResizeRequest request) {
        if (request.width() != request.height()) return null;
        Optional<Integer> size = Presets.DEFAULT.sizes().stream().filter(s -> s >= request.width()).findFirst();
        if (size.isEmpty()) return null;
        String k = new RenditionKey(size.get(), request.key(), Presets.DEFAULT.format()).value();
        return new Prefetch(k, prefetcher.submit(() -> s3.getObjectAsBytes(b -> b.bucket(config.derivedBucket()).key(k)).asByteArray()));
    }

    /** {@link #sourceRendition}'s bytes (the prefetched ones when they are that rendition's), else the original's. */
    private Source source(PhotoRow row, int outputEdge, Prefetch early) {
        Optional<gallery.core.Rendition> rendition = sourceRendition(row.rendering().renditions(), outputEdge);
        if (rendition.isPresent()) {
            gallery.core.Rendition r = rendition.get();
            String k = new RenditionKey(r.size(), row.key(), r.format()).value();
            Optional<byte[]> bytes = objects.unlessGone(config.derivedBucket(), () -> early != null && early.key().equals(k)
                    ? prefetched(early)
                    : s3.getObjectAsBytes(b -> b.bucket(config.derivedBucket()).key(k)).asByteArray());
            if (bytes.isPresent()) return new Source("rendition", bytes.get());
            // The index and the bucket disagree (a rendition deleted by hand, a reprocess in flight): the original still works.
            LOG.warn("rendition {} is in the index but not in {}; resizing from the original", k, config.derivedBucket());
        }
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(config.originalsBucket()).key(row.key().value());
        if (row.version().versionId() != null) get.versionId(row.version().versionId());
        return new Source("original", objects.unlessGone(config.originalsBucket(), () -> s3.getObjectAsBytes(get.build()).asByteArray())
                .orElseThrow(() -> new BadImage(BadImage.Reason.MISSING, row.key() + ": the original is in the index but not in " + config.originalsBucket())));
    }

    private static byte[] prefetched(Prefetch early) {
        try {
            return early.bytes().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("reading " + early.key() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + early.key(), e);
        }
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new java.util.LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }
}
