package gallery.worker;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.core.RenditionKey;
import gallery.core.VideoCopyKey;
import gallery.core.preset.Presets;
import gallery.imaging.video.VideoFixtures;
import gallery.imaging.video.VideoLimits;
import gallery.core.PhotoMetadata;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.core.Rendition;
import gallery.index.Upload;
import gallery.index.Video;
import gallery.worker.video.VideoConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The video lane's worker on S3Proxy and DynamoDB Local, with Debian's ffmpeg and libvips really running. */
class VideoHandlerIT extends WorkerFixture {
    private VideoConfig config;
    private VideoHandler handler;
    @TempDir
    Path work;

    @BeforeEach
    void handler() {
        VideoConfig d = VideoConfig.defaults(DERIVED, table, renderer.config());
        config = new VideoConfig(d.derivedBucket(), d.photoTable(), d.imaging(), d.limits(), d.ffmpeg(), d.ffprobe(), work,
                d.maxEdge(), d.videoBitrateKbps(), d.timeout(), d.memoryMb(), d.threads());
        handler = new VideoHandler(config, s3, dynamo, renderer);
    }

    @Test
    void anIphoneHevcMovGetsAnUprightPosterAndAStrippedH264Copy() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Phone/IMG_0001.MOV");
        String eTag = upload(key, VideoFixtures.hevcMovPortrait(), new Video(2000, "hvc1", false, 0));

        assertThat(handler.handleRequest(event(job(key, eTag)), null).getBatchItemFailures()).isEmpty();

        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.READY);
        assertThat(row.metadata().width()).isEqualTo(720);
        assertThat(row.metadata().height()).isEqualTo(1280);
        assertThat(row.rendering().placeholder()).isNotBlank();
        assertThat(row.video().durationMillis()).isBetween(1900L, 2100L);
        assertThat(row.video().codec()).isEqualTo("hvc1");
        assertThat(row.video().playsInBrowser()).isFalse();
        // The poster is the preset's renditions of the video's own key, portrait like the video.
        assertThat(row.rendering().renditions()).isNotEmpty().allSatisfy(r -> assertThat(r.height()).isGreaterThan(r.width()));
        for (Rendition r : row.rendering().renditions()) {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(DERIVED).key(new RenditionKey(r.size(), key, r.format()).value()));
            assertThat(head.contentType()).isEqualTo("image/webp");
        }

        HeadObjectResponse copyHead = s3.headObject(b -> b.bucket(DERIVED).key(new VideoCopyKey(key).value()));
        assertThat(copyHead.contentType()).isEqualTo("video/mp4");
        assertThat(copyHead.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(copyHead.contentLength()).isEqualTo(row.video().copyBytes());
        Path copy = download(new VideoCopyKey(key).value());
        JsonNode probe = probe(copy);
        JsonNode v = stream(probe, "video");
        assertThat(v.path("codec_name").asText()).isEqualTo("h264");
        assertThat(v.path("profile").asText()).isEqualTo("High");
        assertThat(v.path("width").asInt()).isEqualTo(608);   // upright: rotation applied, long edge 1080
        assertThat(v.path("height").asInt()).isEqualTo(1080);
        assertThat(v.path("side_data_list").isMissingNode()).isTrue();
        assertThat(stream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");
        // No location, date, make or model left anywhere in the file; the index comes first (faststart).
        String tags = probe.path("format").path("tags").toString();
        assertThat(tags).doesNotContain("location", "48.8584", "creation", "Apple", "iPhone");
        byte[] bytes = Files.readAllBytes(copy);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("48.8584", "+002.2945", "iPhone");
        assertThat(VideoFixtures.boxOffset(bytes, "moov")).isLessThan(VideoFixtures.boxOffset(bytes, "mdat"));
        // A redelivered job finds the work done.
        assertThat(new VideoService(config, s3, index, renderer).process(job(key, eTag), false)).isEqualTo(VideoService.Result.SKIPPED);
        try (var files = Files.list(work)) {
            assertThat(files.toList()).as("nothing left on the worker's disk").isEmpty();
        }
    }

    @Test
    void anH264Mp4IsRemuxedNotTranscoded() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Phone/clip.mp4");
        String eTag = upload(key, VideoFixtures.h264Mp4(), new Video(3000, "avc1", true, 0));

        assertThat(handler.handleRequest(event(job(key, eTag)), null).getBatchItemFailures()).isEmpty();

        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.READY);
        assertThat(row.video().playsInBrowser()).isTrue();
        JsonNode probe = probe(download(new VideoCopyKey(key).value()));
        assertThat(stream(probe, "video").path("width").asInt()).isEqualTo(640);
        assertThat(stream(probe, "video").path("tags").path("encoder").asText()).as("the original's stream, untouched")
                .isNotEqualTo("Lavc59.37.100 libx264 veryfast");
        assertThat(probe.path("format").path("tags").path("creation_time").isMissingNode()).isTrue();
    }

    @Test
    void a4kClipIsBroughtDownTo1080() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Phone/4k.mp4");
        String eTag = upload(key, VideoFixtures.fourK(), new Video(2000, "avc1", true, 0));

        assertThat(handler.handleRequest(event(job(key, eTag)), null).getBatchItemFailures()).isEmpty();

        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.READY);
        assertThat(row.metadata().width()).isEqualTo(3840);
        JsonNode v = stream(probe(download(new VideoCopyKey(key).value())), "video");
        assertThat(v.path("width").asInt()).isEqualTo(1080);
        assertThat(v.path("height").asInt()).isEqualTo(608);
        assertThat(row.rendering().renditions()).extracting(Rendition::size).contains(Presets.DEFAULT.sizes().getFirst());
    }

    @Test
    void aWebmGetsAnMp4Copy() throws Exception {
        PhotoKey key = PhotoKey.of("photos/Phone/clip.webm");
        String eTag = upload(key, VideoFixtures.webm(), new Video(0, null, false, 0));

        assertThat(handler.handleRequest(event(job(key, eTag)), null).getBatchItemFailures()).isEmpty();

        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.READY);
        assertThat(row.video().durationMillis()).isBetween(1900L, 2100L);
        assertThat(row.video().codec()).isEqualTo("vp9");
        assertThat(row.metadata().width()).isEqualTo(320);
        assertThat(stream(probe(download(new VideoCopyKey(key).value())), "video").path("codec_name").asText()).isEqualTo("h264");
    }

    @Test
    void damagedFramesAndTooLongVideosEndFailedWithAReasonAndAreAcknowledged() throws Exception {
        PhotoKey corrupt = PhotoKey.of("photos/Bad/corrupt.mp4");
        String eTag = upload(corrupt, VideoFixtures.corruptFrames(), new Video(3000, "avc1", true, 0));
        assertThat(handler.handleRequest(event(job(corrupt, eTag)), null).getBatchItemFailures()).isEmpty();
        PhotoRow row = index.get(corrupt).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.FAILED);
        assertThat(row.state().failureReason()).startsWith("photos/Bad/corrupt.mp4: ").doesNotContain(work.toString());
        assertThat(s3.listObjectsV2(b -> b.bucket(DERIVED).prefix(VideoCopyKey.PREFIX + "photos/Bad/")).contents()).isEmpty();

        VideoConfig strict = new VideoConfig(config.derivedBucket(), config.photoTable(), config.imaging(),
                new VideoLimits(2, VideoLimits.DEFAULT_MAX_BYTES, VideoLimits.DEFAULT_MAX_INDEX_BYTES, 8192), config.ffmpeg(),
                config.ffprobe(), work, config.maxEdge(), config.videoBitrateKbps(), config.timeout(), config.memoryMb(), config.threads());
        PhotoKey longer = PhotoKey.of("photos/Bad/long.webm");
        String longTag = upload(longer, VideoFixtures.h264Mp4(), new Video(0, null, false, 0));
        assertThat(new VideoHandler(strict, s3, dynamo, renderer).handleRequest(event(job(longer, longTag)), null).getBatchItemFailures()).isEmpty();
        assertThat(index.get(longer).orElseThrow().state().failureReason()).contains("3.0 s long", "MAX_VIDEO_SECONDS", "MediaConvert");
    }

    // ---------------------------------------------------------------- helpers

    private String upload(PhotoKey key, Path file, Video video) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String eTag = RenditionService.unquote(s3.putObject(b -> b.bucket(ORIGINALS).key(key.value()), RequestBody.fromBytes(bytes)).eTag());
        index.recordUpload(new Upload(key, eTag, null, "0A", bytes.length, Instant.now(), PhotoMetadata.NONE, "default", 1, video));
        return eTag;
    }

    private Path download(String derivedKey) throws IOException {
        Path to = Files.createTempFile("copy", ".mp4");
        to.toFile().deleteOnExit();
        Files.write(to, s3.getObjectAsBytes(b -> b.bucket(DERIVED).key(derivedKey)).asByteArray());
        return to;
    }

    static JsonNode probe(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Json.MAPPER.readTree(out);
    }

    static JsonNode stream(JsonNode probe, String type) {
        for (JsonNode s : probe.path("streams")) if (type.equals(s.path("codec_type").asText())) return s;
        throw new AssertionError("no " + type + " stream in " + probe);
    }

    private static RenderJob job(PhotoKey key, String eTag) {
        return new RenderJob(ORIGINALS, key.value(), null, eTag, "default");
    }
}
