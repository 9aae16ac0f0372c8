package gallery.index;

/**
 * What the index keeps about a video; a photo row has none. The row's width and height are the
 * picture's as shown (after the track's rotation), its renditions the poster frame's.
 *
 * @param durationMillis length; 0 while unknown (a WebM before the worker probed it)
 * @param codec          the original's video codec ({@code avc1}, {@code hvc1}, {@code vp9}, ...)
 * @param playsInBrowser whether every browser plays the original as it is (H.264/AAC in MP4 or MOV)
 * @param copyBytes      size of the web-playable copy ({@code VideoCopyKey}); 0 until the worker wrote it
 */
public record Video(long durationMillis, String codec, boolean playsInBrowser, long copyBytes) {
    public Video withCopy(long bytes) {
        return new Video(durationMillis, codec, playsInBrowser, bytes);
    }
}
