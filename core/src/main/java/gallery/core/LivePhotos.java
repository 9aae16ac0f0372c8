package gallery.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The rule that makes an iPhone Live Photo one item: a still (HEIC, HEIF or JPEG) and a QuickTime
 * movie (MOV) in the same folder with the same base name ({@code IMG_0042.HEIC} and
 * {@code IMG_0042.MOV}, as the Photos export, iCloud downloads and backup apps write them) are the
 * still with its motion; when both carry Apple's content identifier (the HEIC's maker note, the MOV's
 * {@code com.apple.quicktime.content.identifier} key) the two must match as well. The one home of
 * that rule: ingest pairs by it, the index and the API only follow the recorded pair.
 */
public final class LivePhotos {
    private static final List<String> STILL_EXTENSIONS = List.of("HEIC", "heic", "HEIF", "heif", "JPG", "jpg", "JPEG", "jpeg");
    private static final List<String> MOTION_EXTENSIONS = List.of("MOV", "mov");

    private LivePhotos() {
    }

    /** Whether the file's name makes it a possible Live Photo still. */
    public static boolean isStill(PhotoKey key) {
        return extension(key).map(e -> STILL_EXTENSIONS.contains(e.toLowerCase(Locale.ROOT))).orElse(false);
    }

    /** Whether the file's name makes it a possible Live Photo motion (a MOV). */
    public static boolean isMotion(PhotoKey key) {
        return extension(key).map(e -> MOTION_EXTENSIONS.contains(e.toLowerCase(Locale.ROOT))).orElse(false);
    }

    /** The keys the motion of this still may have (the same folder and base name, {@code .MOV} or {@code .mov}). */
    public static List<PhotoKey> motionsOf(PhotoKey still) {
        return isStill(still) ? siblings(still, MOTION_EXTENSIONS) : List.of();
    }

    /** The keys the still of this motion may have (the same folder and base name, any case of HEIC, HEIF, JPG, JPEG). */
    public static List<PhotoKey> stillsOf(PhotoKey motion) {
        return isMotion(motion) ? siblings(motion, STILL_EXTENSIONS) : List.of();
    }

    /**
     * Whether a still and a motion whose names pair belong together: yes unless both carry a content
     * identifier and they differ (a camera that numbers files from scratch can reuse a name).
     */
    public static boolean sameCapture(String stillContentId, String motionContentId) {
        if (stillContentId == null || motionContentId == null) return true;
        return stillContentId.trim().equalsIgnoreCase(motionContentId.trim());
    }

    private static List<PhotoKey> siblings(PhotoKey key, List<String> extensions) {
        String v = key.value();
        String base = v.substring(0, v.lastIndexOf('.') + 1);
        List<PhotoKey> out = new ArrayList<>();
        for (String e : extensions) {
            if (PhotoKey.isPhotoKey(base + e)) out.add(new PhotoKey(base + e));
        }
        return out;
    }

    private static java.util.Optional<String> extension(PhotoKey key) {
        Objects.requireNonNull(key, "key");
        String name = key.fileName();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? java.util.Optional.empty() : java.util.Optional.of(name.substring(dot + 1));
    }
}
