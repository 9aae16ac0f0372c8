package gallery.imaging.video;

import gallery.imaging.FileMetadata;

/**
 * What a video's header says, before any frame is decoded. Fields the container did not say are
 * null (Matroska's are left to the worker's ffprobe).
 *
 * @param metadata       dimensions after the track's rotation, date taken with its offset, camera, GPS
 * @param durationMillis length, from the movie header
 * @param rotation       degrees clockwise the picture is turned for display (0, 90, 180, 270)
 * @param videoCodec     the video track's sample entry ({@code avc1}, {@code hvc1}, ...)
 * @param audioCodec     the audio track's sample entry ({@code mp4a}, ...), null without sound
 * @param contentId      {@code com.apple.quicktime.content.identifier}: an iPhone Live Photo's MOV names its still by it
 */
public record VideoHeader(VideoContainer container, FileMetadata metadata, Long durationMillis, int rotation,
                          String videoCodec, String audioCodec, String contentId) {
    /**
     * Whether every browser plays the original as it is: H.264 with AAC (or no sound) in an ISO
     * container. HEVC plays in Safari only, Matroska/WebM not in every Safari; those get a copy.
     */
    public boolean playsInBrowser() {
        return container != VideoContainer.MATROSKA && Codecs.isH264(videoCodec) && (audioCodec == null || Codecs.isAac(audioCodec));
    }

    /** Sample-entry and ffprobe codec names, as both describe the same streams. */
    public static final class Codecs {
        private Codecs() {
        }

        public static boolean isH264(String codec) {
            return codec != null && (codec.equals("avc1") || codec.equals("avc3") || codec.equals("h264"));
        }

        public static boolean isAac(String codec) {
            return codec != null && (codec.equals("mp4a") || codec.equals("aac"));
        }
    }
}
