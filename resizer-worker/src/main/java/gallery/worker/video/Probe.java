package gallery.worker.video;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import gallery.imaging.video.BadVideo;

/**
 * What ffprobe says about a video: the first video and audio streams, the picture's size as shown
 * (after the rotation in the stream's display matrix), and the duration.
 */
public record Probe(long durationMillis, int width, int height, int rotation, String videoCodec, String audioCodec) {
    public static Probe parse(String name, String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("ffprobe printed no JSON for " + name + ": " + e.getMessage(), e);
        }
        JsonNode video = null, audio = null;
        for (JsonNode s : root.path("streams")) {
            String type = s.path("codec_type").asText();
            // A cover picture in a video file is a video stream too; it is not the movie.
            if ("video".equals(type) && video == null && s.path("disposition").path("attached_pic").asInt() == 0) video = s;
            if ("audio".equals(type) && audio == null) audio = s;
        }
        if (video == null) {
            throw new BadVideo(name + ": the file has " + (audio != null ? "only sound (" + audio.path("codec_name").asText() + ")" : "no video stream")
                    + ": expected a video with a picture");
        }
        int w = video.path("width").asInt(), h = video.path("height").asInt();
        if (w <= 0 || h <= 0) throw new BadVideo(name + ": the video stream declares " + w + "x" + h + ": expected positive dimensions");
        int rotation = 0;
        for (JsonNode sd : video.path("side_data_list")) {
            if (sd.has("rotation")) rotation = sd.path("rotation").asInt();
        }
        if (rotation == 0 && video.path("tags").has("rotate")) rotation = video.path("tags").path("rotate").asInt();
        rotation = Math.floorMod(rotation, 360);
        boolean quarter = rotation == 90 || rotation == 270;
        double seconds = root.path("format").path("duration").asDouble(video.path("duration").asDouble(0));
        return new Probe(Math.round(seconds * 1000), quarter ? h : w, quarter ? w : h, rotation,
                video.path("codec_name").asText(null), audio == null ? null : audio.path("codec_name").asText(null));
    }

    public int longEdge() {
        return Math.max(width, height);
    }
}
