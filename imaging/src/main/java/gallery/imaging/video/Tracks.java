package gallery.imaging.video;

import java.nio.charset.StandardCharsets;

/**
 * The first video and audio track's codec (the sample entry's four-character code) and the
 * {@code ©xyz} location of a {@code moov} box, read by walking its boxes: moov → trak → mdia →
 * (hdlr, minf → stbl → stsd), and moov → udta → ©xyz.
 */
record Tracks(String video, String audio, String xyz) {
    private static final int MAX_DEPTH = 8;

    static Tracks of(byte[] moov) {
        Tracks[] found = {new Tracks(null, null, null)};
        walk(moov, 8, (int) Math.min(moov.length, VideoGate.u32(moov, 0)), 0, null, found);
        return found[0];
    }

    private static void walk(byte[] b, int from, int to, int depth, String[] trackHandler, Tracks[] found) {
        if (depth > MAX_DEPTH) return;
        String[] handler = trackHandler;
        for (int off = from; off + 8 <= to; ) {
            long size = VideoGate.u32(b, off);
            String type = new String(b, off + 4, 4, StandardCharsets.ISO_8859_1);
            if (size < 8 || off + size > to) return; // damaged: stop, what was found stands
            int end = (int) (off + size);
            switch (type) {
                case "trak" -> walk(b, off + 8, end, depth + 1, new String[1], found);
                case "mdia", "minf", "stbl", "udta" -> walk(b, off + 8, end, depth + 1, handler, found);
                case "hdlr" -> {
                    // full box: version+flags (4), pre_defined (4), handler_type (4). The first is the
                    // media handler (mdia); QuickTime's minf has a data handler ('alis') after it.
                    if (handler != null && handler[0] == null && off + 20 <= end) handler[0] = new String(b, off + 16, 4, StandardCharsets.ISO_8859_1);
                }
                case "stsd" -> {
                    // full box (4), entry_count (4), then the first entry: size (4), format (4)
                    if (handler != null && off + 24 <= end) {
                        String codec = new String(b, off + 20, 4, StandardCharsets.ISO_8859_1).trim();
                        Tracks t = found[0];
                        if ("vide".equals(handler[0]) && t.video == null) found[0] = new Tracks(codec, t.audio, t.xyz);
                        if ("soun".equals(handler[0]) && t.audio == null) found[0] = new Tracks(t.video, codec, t.xyz);
                    }
                }
                case "\u00A9xyz" -> {
                    // QuickTime user data text: length (2), language (2), text
                    if (off + 12 <= end) {
                        int len = ((b[off + 8] & 0xFF) << 8) | (b[off + 9] & 0xFF);
                        int n = Math.min(len, end - off - 12);
                        if (n > 0 && found[0].xyz == null) {
                            Tracks t = found[0];
                            found[0] = new Tracks(t.video, t.audio, new String(b, off + 12, n, StandardCharsets.UTF_8));
                        }
                    }
                }
                default -> { }
            }
            off = end;
        }
    }
}
