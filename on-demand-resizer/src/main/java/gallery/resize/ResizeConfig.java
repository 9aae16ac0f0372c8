package gallery.resize;

import gallery.core.config.Env;
import gallery.core.config.GalleryData;
import gallery.imaging.ImagingConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The on-demand resizer's settings, read once at start-up. The size bounds are ceilings no request
 * can raise.
 *
 * @param originalsBucket {@code ORIGINALS_BUCKET}: where originals are read when no rendition is large enough
 * @param derivedBucket   {@code DERIVED_BUCKET}: renditions are read from it, large results written to it
 * @param table           {@code PHOTO_TABLE}: the photo index
 * @param minSize         {@code RESIZE_MIN_SIZE}, default 16: the smallest width or height accepted
 * @param maxSize         {@code RESIZE_MAX_SIZE}, default 4096: the largest width or height accepted
 * @param inlineMaxBytes  {@code RESIZE_INLINE_MAX_BYTES}, default 4 MiB: a larger result is stored in the
 *                        derived bucket and the response redirects to it. Lambda's response payload is at
 *                        most 6 MB and a binary body travels base64-encoded (4/3 larger), so no more than
 *                        ~4.5 MB can be answered inline; the default leaves room for headers.
 *                        https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 * @param imaging         libvips and the untrusted-image limits ({@link ImagingConfig#fromEnv})
 */
public record ResizeConfig(String originalsBucket, String derivedBucket, String table, int minSize, int maxSize,
                           int inlineMaxBytes, ImagingConfig imaging) {
    public static final int DEFAULT_MIN_SIZE = 16;
    public static final int DEFAULT_MAX_SIZE = 4096;
    public static final int DEFAULT_INLINE_MAX_BYTES = 4 * 1024 * 1024;
    /** The ladder of the default bounds; the web UI gets its rungs from /config.json ({@code resizeSizes}). */
    public static final SizeLadder DEFAULT_LADDER = new SizeLadder(DEFAULT_MIN_SIZE, DEFAULT_MAX_SIZE);
    /** 6 MB payload limit, minus base64's third, minus room for headers. */
    public static final int LARGEST_INLINE_MAX_BYTES = 4_500_000;

    public static final String RESIZE_MIN_SIZE = "RESIZE_MIN_SIZE";
    public static final String RESIZE_MAX_SIZE = "RESIZE_MAX_SIZE";
    public static final String RESIZE_INLINE_MAX_BYTES = "RESIZE_INLINE_MAX_BYTES";

    /** The resizer's environment: where originals, renditions and the index are, and libvips' {@code imaging} variables. */
    public static Map<String, String> environment(String originalsBucket, String derivedBucket, String photoTable,
                                                  Map<String, String> imaging) {
        Map<String, String> env = new LinkedHashMap<>(imaging);
        env.put(GalleryData.ORIGINALS_BUCKET, originalsBucket);
        env.put(GalleryData.DERIVED_BUCKET, derivedBucket);
        env.put(GalleryData.PHOTO_TABLE, photoTable);
        return env;
    }

    public ResizeConfig {
        Objects.requireNonNull(originalsBucket, "originalsBucket");
        Objects.requireNonNull(derivedBucket, "derivedBucket");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(imaging, "imaging");
        if (minSize < SizeLadder.BASE || maxSize < minSize || maxSize > 16384) {
            throw new IllegalArgumentException("sizes must satisfy " + SizeLadder.BASE + " <= min <= max <= 16384, got " + minSize + ".." + maxSize);
        }
        if (inlineMaxBytes < 1 || inlineMaxBytes > LARGEST_INLINE_MAX_BYTES) {
            throw new IllegalArgumentException("inlineMaxBytes " + inlineMaxBytes + " outside 1.." + LARGEST_INLINE_MAX_BYTES);
        }
    }

    public static ResizeConfig fromEnv(Env env) {
        String originals = GalleryData.originalsBucket(env);
        String derived = GalleryData.derivedBucket(env);
        String table = GalleryData.photoTable(env);
        int min = env.integer(RESIZE_MIN_SIZE, DEFAULT_MIN_SIZE, SizeLadder.BASE, 16384);
        int max = env.integer(RESIZE_MAX_SIZE, DEFAULT_MAX_SIZE, SizeLadder.BASE, 16384);
        if (max < min) env.problem(RESIZE_MAX_SIZE + "=" + max + " is below " + RESIZE_MIN_SIZE + "=" + min);
        int inline = env.integer(RESIZE_INLINE_MAX_BYTES, DEFAULT_INLINE_MAX_BYTES, 1, LARGEST_INLINE_MAX_BYTES);
        // Last: it validates, reporting our problems together with its own.
        ImagingConfig imaging = ImagingConfig.fromEnv(env);
        return new ResizeConfig(originals, derived, table, min, max, inline, imaging);
    }

    public SizeLadder ladder() {
        return new SizeLadder(minSize, maxSize);
    }
}
