package gallery.local;

import gallery.core.PhotoKey;
import gallery.core.RenditionKey;
import gallery.core.VideoCopyKey;
import gallery.imaging.Renderer;
import gallery.imaging.video.LivePhotoFixtures;
import gallery.imaging.video.VideoFixtures;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.core.Rendition;
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
 * a poster and a copy, or FAILED with a reason; nothing stays pending. iPhone Live Photos: a HEIC and a
 * MOV of one capture, uploaded in either order, become one item (the still, its MOV's copy as its
 * motion); a MOV whose content identifier differs stays a video; deleting either half leaves the other
 * shown on its own.
 */
class VideoPipelineIT {
    @TempDir
    static Path data;
    static Renderer renderer;
    static LocalStack stack;
    static GalleryFixture f;

    @BeforeAll
    static void start() {
        renderer = Pipeline.renderer(Map.of());
        stack = Pipeline.register(LocalStack.builder(data).freePorts(), renderer).start();
        f = new GalleryFixture(stack);
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
            assertThat(row.rendering().renditions()).as(key).isNotEmpty();
            assertThat(f.s3.headObject(h -> h.bucket(f.d.derivedBucket()).key(new VideoCopyKey(PhotoKey.of(key)).value())).contentType())
                    .isEqualTo("video/mp4");
        }
        assertThat(f.row("photos/Phone/IMG_0001.MOV").orElseThrow().metadata().height()).isEqualTo(1280);
        Map<String, String> reasons = new LinkedHashMap<>();
        for (String key : bad.keySet()) reasons.put(key, f.awaitStatus(key, PhotoStatus.FAILED).state().failureReason());
        assertThat(reasons.get("photos/Phone/truncated.mp4")).contains("truncated");
        assertThat(reasons.get("photos/Phone/audio.mp4")).contains("only sound");
        assertThat(reasons.get("photos/Phone/empty.mov")).contains("file is empty");
        assertThat(reasons.get("photos/Phone/lying.mp4")).contains("not the MP4 video its header claims");
        assertThat(reasons.get("photos/Phone/corrupt.mp4")).contains("could not read the video");
        Await.until("video lane drained", () -> f.depth(f.d.queues().video()) == 0);
    }

    @Test
    void removingAVideoRemovesItsPosterAndCopy() {
        String key = "photos/Gone/clip.mp4";
        put(key, VideoFixtures.h264Mp4(), "video/mp4");
        PhotoRow row = f.awaitReady(key, f.eTag(key));
        List<String> derived = derivedOf(key);
        String copy = new VideoCopyKey(PhotoKey.of(key)).value();
        assertThat(derived).contains(copy);
        for (Rendition r : row.rendering().renditions()) assertThat(derived).contains(new RenditionKey(r.size(), PhotoKey.of(key), r.format()).value());
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

        assertThat(f.awaitStatus(key, PhotoStatus.FAILED).state().failureReason()).contains("truncated");
        Await.until(key + "'s old poster and copy gone", () -> derivedOf(key).isEmpty());
    }

    private static List<String> derivedOf(String key) {
        return f.s3.listObjectsV2Paginator(l -> l.bucket(f.d.derivedBucket()).prefix("renditions/")).contents().stream()
                .map(S3Object::key).filter(k -> k.contains(key + ".")).toList();
    }

    // ---------------------------------------------------------------- iPhone Live Photos

    private static final String LIVE_ID = "1F2E3D4C-5B6A-4798-8A9B-0C1D2E3F4A5B";

    private static void putLive(String key, Path file) {
        f.s3.putObject(p -> p.bucket(f.d.originalsBucket()).key(key), RequestBody.fromFile(file));
    }

    private static List<String> listed(String album) {
        return f.index.queries().album(album, null, 100).items().stream().map(r -> r.key().value()).toList();
    }

    /** Both halves READY, and the pairing done (it follows the later half's ingest). */
    private static PhotoRow awaitPaired(String still, String mov) {
        f.awaitReady(still, f.eTag(still));
        f.awaitReady(mov, f.eTag(mov));
        return Await.until(still + " paired with " + mov, () -> f.row(still)
                .filter(r -> r.liveMotion().map(k -> k.value().equals(mov)).orElse(false)).orElse(null));
    }

    @Test
    void theStillFirstThenTheMovAreOneItem() {
        LivePhotoFixtures.Pair pair = LivePhotoFixtures.livePhoto("IMG_0100", LIVE_ID);
        putLive("photos/Live A/IMG_0100.HEIC", pair.still());
        f.awaitReady("photos/Live A/IMG_0100.HEIC", f.eTag("photos/Live A/IMG_0100.HEIC"));
        putLive("photos/Live A/IMG_0100.MOV", pair.motion());

        awaitPaired("photos/Live A/IMG_0100.HEIC", "photos/Live A/IMG_0100.MOV");
        PhotoRow mov = f.row("photos/Live A/IMG_0100.MOV").orElseThrow();
        assertThat(mov.isLiveMotion()).isTrue();
        assertThat(mov.live().contentId()).isEqualTo(LIVE_ID);
        assertThat(mov.video().copyBytes()).as("its copy is what the still plays").isPositive();
        assertThat(f.s3.headObject(h -> h.bucket(f.d.derivedBucket()).key(new VideoCopyKey(mov.key()).value())).contentLength()).isPositive();
        assertThat(listed("Live A")).containsExactly("photos/Live A/IMG_0100.HEIC");
        assertThat(f.index.queries().albums()).filteredOn(a -> a.name().equals("Live A")).singleElement()
                .satisfies(a -> assertThat(a.count()).isEqualTo(1));
    }

    @Test
    void theMovFirstThenTheStillAreOneItemToo() {
        LivePhotoFixtures.Pair pair = LivePhotoFixtures.livePhoto("IMG_0200", LIVE_ID);
        putLive("photos/Live B/IMG_0200.MOV", pair.motion());
        f.awaitReady("photos/Live B/IMG_0200.MOV", f.eTag("photos/Live B/IMG_0200.MOV"));
        assertThat(listed("Live B")).as("alone, the MOV is a video").containsExactly("photos/Live B/IMG_0200.MOV");
        putLive("photos/Live B/IMG_0200.HEIC", pair.still());

        awaitPaired("photos/Live B/IMG_0200.HEIC", "photos/Live B/IMG_0200.MOV");
        Await.until("the MOV unlisted", () -> listed("Live B").equals(List.of("photos/Live B/IMG_0200.HEIC")));
    }

    @Test
    void aMovWithAnotherContentIdentifierStaysAVideo() {
        putLive("photos/Live C/IMG_0300.HEIC", LivePhotoFixtures.still("IMG_0300", LIVE_ID));
        putLive("photos/Live C/IMG_0300.MOV", LivePhotoFixtures.motion("IMG_0300-other", "99999999-0000-4000-8000-000000000000"));

        f.awaitReady("photos/Live C/IMG_0300.HEIC", f.eTag("photos/Live C/IMG_0300.HEIC"));
        f.awaitReady("photos/Live C/IMG_0300.MOV", f.eTag("photos/Live C/IMG_0300.MOV"));
        assertThat(f.row("photos/Live C/IMG_0300.HEIC").orElseThrow().liveMotion()).isEmpty();
        assertThat(listed("Live C")).containsExactlyInAnyOrder("photos/Live C/IMG_0300.HEIC", "photos/Live C/IMG_0300.MOV");
    }

    @Test
    void deletingTheStillShowsTheMovAsAVideoAndDeletingTheMovLeavesAPlainPhoto() {
        LivePhotoFixtures.Pair pair = LivePhotoFixtures.livePhoto("IMG_0400", null); // no identifiers: the names pair them
        putLive("photos/Live D/IMG_0400.HEIC", pair.still());
        putLive("photos/Live D/IMG_0400.MOV", pair.motion());
        putLive("photos/Live D/IMG_0401.HEIC", pair.still());
        putLive("photos/Live D/IMG_0401.MOV", pair.motion());
        awaitPaired("photos/Live D/IMG_0400.HEIC", "photos/Live D/IMG_0400.MOV");
        awaitPaired("photos/Live D/IMG_0401.HEIC", "photos/Live D/IMG_0401.MOV");
        Await.until("two items", () -> listed("Live D").size() == 2);

        f.s3.deleteObject(d -> d.bucket(f.d.originalsBucket()).key("photos/Live D/IMG_0400.HEIC"));
        Await.until("the MOV shown as a video", () -> listed("Live D").contains("photos/Live D/IMG_0400.MOV"));
        assertThat(f.row("photos/Live D/IMG_0400.MOV").orElseThrow().isLiveMotion()).isFalse();

        String copy = new VideoCopyKey(PhotoKey.of("photos/Live D/IMG_0401.MOV")).value();
        f.s3.deleteObject(d -> d.bucket(f.d.originalsBucket()).key("photos/Live D/IMG_0401.MOV"));
        Await.until("the still without motion", () -> f.row("photos/Live D/IMG_0401.HEIC").map(r -> r.liveMotion().isEmpty()).orElse(false));
        Await.until("the motion's copy deleted", () -> f.s3.listObjectsV2(l -> l.bucket(f.d.derivedBucket()).prefix(copy)).keyCount() == 0);
        assertThat(listed("Live D")).containsExactlyInAnyOrder("photos/Live D/IMG_0400.MOV", "photos/Live D/IMG_0401.HEIC");
    }
}
