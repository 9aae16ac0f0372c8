package gallery.local;

import gallery.core.PhotoKey;
import gallery.core.RenditionKey;
import gallery.core.VideoCopyKey;
import gallery.imaging.Renderer;
import gallery.imaging.video.VideoFixtures;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.index.Rendition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test video through the wiring {@code ./gallery up} runs ({@link Pipeline#register}): S3Proxy's
 * notifications, ingest, the video lane with Debian's ffmpeg, DynamoDB Local. Each ends READY with
 * a poster and a copy, or FAILED with a reason; nothing stays pending.
 */
class VideoPipelineIT {
    @TempDir
    static Path data;
    static Renderer renderer;
    static LocalStack stack;
    static PipelineFixture f;

    @BeforeAll
    static void start() {
        renderer = Pipeline.renderer(Map.of());
        stack = Pipeline.register(LocalStack.builder(data).freePorts(), renderer).start();
        f = new PipelineFixture(stack);
    }

    @AfterAll
    static void stop() {
        if (f != null) f.close();
        if (stack != null) stack.close();
    }

    private static void put(String key, Path file, String contentType) {
        f.s3.putObject(p -> p.bucket(f.d.originalsBucket()).key(key).contentType(contentType), RequestBody.fromFile(file));
    }

    @Test
    void phoneVideosBecomeReadyAndBadOnesFailWithAReason() {
        Map<String, Path> good = new LinkedHashMap<>();
        good.put("photos/Phone/VID_20240501.mp4", VideoFixtures.h264Mp4());
        good.put("photos/Phone/IMG_0001.MOV", VideoFixtures.hevcMovPortrait());
        good.put("photos/Phone/4k.mp4", VideoFixtures.fourK());
        good.put("photos/Phone/clip.webm", VideoFixtures.webm());
        Map<String, Path> bad = new LinkedHashMap<>();
        bad.put("photos/Phone/truncated.mp4", VideoFixtures.truncatedMp4());
        bad.put("photos/Phone/audio.mp4", VideoFixtures.audioOnly());
        bad.put("photos/Phone/empty.mov", VideoFixtures.empty());
        bad.put("photos/Phone/lying.mp4", VideoFixtures.lyingFtyp());
        bad.put("photos/Phone/corrupt.mp4", VideoFixtures.corruptFrames());
        good.forEach((k, p) -> put(k, p, "video/mp4"));
        bad.forEach((k, p) -> put(k, p, "video/mp4"));

        for (String key : good.keySet()) {
            PhotoRow row = f.awaitReady(key, f.eTag(key));
            assertThat(row.video()).as(key).isNotNull();
            assertThat(row.video().copyBytes()).as(key).isPositive();
            assertThat(row.renditions()).as(key).isNotEmpty();
            assertThat(f.s3.headObject(h -> h.bucket(f.d.derivedBucket()).key(new VideoCopyKey(PhotoKey.of(key)).value())).contentType())
                    .isEqualTo("video/mp4");
        }
        assertThat(f.row("photos/Phone/IMG_0001.MOV").orElseThrow().height()).isEqualTo(1280);
        Map<String, String> reasons = new LinkedHashMap<>();
        for (String key : bad.keySet()) reasons.put(key, f.awaitStatus(key, PhotoStatus.FAILED).failureReason());
        assertThat(reasons.get("photos/Phone/truncated.mp4")).contains("truncated");
        assertThat(reasons.get("photos/Phone/audio.mp4")).contains("only sound");
        assertThat(reasons.get("photos/Phone/empty.mov")).contains("file is empty");
        assertThat(reasons.get("photos/Phone/lying.mp4")).contains("not the MP4 video its header claims");
        assertThat(reasons.get("photos/Phone/corrupt.mp4")).contains("could not read the video");
        Await.until("video lane drained", () -> f.messages(f.d.queues().video()) == 0);
    }

    @Test
    void removingAVideoRemovesItsPosterAndCopy() {
        String key = "photos/Gone/clip.mp4";
        put(key, VideoFixtures.h264Mp4(), "video/mp4");
        PhotoRow row = f.awaitReady(key, f.eTag(key));
        List<String> derived = derivedOf(key);
        String copy = new VideoCopyKey(PhotoKey.of(key)).value();
        assertThat(derived).contains(copy);
        for (Rendition r : row.renditions()) assertThat(derived).contains(new RenditionKey(r.size(), PhotoKey.of(key), r.format()).value());
        // The record names the copy, so the removal deletes it from there (issue 15's path), not by a guessed name.
        assertThat(f.index.derivedRecord(PhotoKey.of(key)).derived()).containsAll(derived);

        f.s3.deleteObject(d -> d.bucket(f.d.originalsBucket()).key(key));

        Await.until(key + " gone", () -> f.row(key).isEmpty() && derivedOf(key).isEmpty());
    }

    @Test
    void aVideoReplacedByABrokenFileLosesItsPosterAndCopy() {
        String key = "photos/Replaced/clip.mp4";
        put(key, VideoFixtures.h264Mp4(), "video/mp4");
        f.awaitReady(key, f.eTag(key));
        assertThat(derivedOf(key)).contains(new VideoCopyKey(PhotoKey.of(key)).value());

        put(key, VideoFixtures.truncatedMp4(), "video/mp4");

        assertThat(f.awaitStatus(key, PhotoStatus.FAILED).failureReason()).contains("truncated");
        Await.until(key + "'s old poster and copy gone", () -> derivedOf(key).isEmpty());
    }

    private static List<String> derivedOf(String key) {
        return f.s3.listObjectsV2Paginator(l -> l.bucket(f.d.derivedBucket()).prefix("renditions/")).contents().stream()
                .map(S3Object::key).filter(k -> k.contains(key + ".")).toList();
    }
}
