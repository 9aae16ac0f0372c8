package gallery.local;

import gallery.core.PhotoKey;
import gallery.core.VideoCopyKey;
import gallery.imaging.Renderer;
import gallery.imaging.video.LivePhotoFixtures;
import gallery.index.PhotoRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * iPhone Live Photos through the wiring {@code ./gallery up} runs: a HEIC and a MOV of one capture,
 * uploaded in either order, become one item (the still, its MOV's copy as its motion); a MOV whose
 * content identifier differs stays a video; deleting either half leaves the other shown on its own.
 */
class LivePhotoIT {
    private static final String ID = "1F2E3D4C-5B6A-4798-8A9B-0C1D2E3F4A5B";

    @TempDir
    static Path data;
    static LocalStack stack;
    static PipelineFixture f;

    @BeforeAll
    static void start() {
        Renderer renderer = Pipeline.renderer(Map.of());
        stack = Pipeline.register(LocalStack.builder(data).freePorts(), renderer).start();
        f = new PipelineFixture(stack);
    }

    @AfterAll
    static void stop() {
        if (f != null) f.close();
        if (stack != null) stack.close();
    }

    private static void put(String key, Path file) {
        f.s3.putObject(p -> p.bucket(f.d.originalsBucket()).key(key), RequestBody.fromFile(file));
    }

    private static List<String> listed(String album) {
        return f.index.album(album, null, 100).items().stream().map(r -> r.key().value()).toList();
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
        LivePhotoFixtures.Pair pair = LivePhotoFixtures.livePhoto("IMG_0100", ID);
        put("photos/Live A/IMG_0100.HEIC", pair.still());
        f.awaitReady("photos/Live A/IMG_0100.HEIC", f.eTag("photos/Live A/IMG_0100.HEIC"));
        put("photos/Live A/IMG_0100.MOV", pair.motion());

        awaitPaired("photos/Live A/IMG_0100.HEIC", "photos/Live A/IMG_0100.MOV");
        PhotoRow mov = f.row("photos/Live A/IMG_0100.MOV").orElseThrow();
        assertThat(mov.isLiveMotion()).isTrue();
        assertThat(mov.live().contentId()).isEqualTo(ID);
        assertThat(mov.video().copyBytes()).as("its copy is what the still plays").isPositive();
        assertThat(f.s3.headObject(h -> h.bucket(f.d.derivedBucket()).key(new VideoCopyKey(mov.key()).value())).contentLength()).isPositive();
        assertThat(listed("Live A")).containsExactly("photos/Live A/IMG_0100.HEIC");
        assertThat(f.index.albums()).filteredOn(a -> a.name().equals("Live A")).singleElement()
                .satisfies(a -> assertThat(a.count()).isEqualTo(1));
    }

    @Test
    void theMovFirstThenTheStillAreOneItemToo() {
        LivePhotoFixtures.Pair pair = LivePhotoFixtures.livePhoto("IMG_0200", ID);
        put("photos/Live B/IMG_0200.MOV", pair.motion());
        f.awaitReady("photos/Live B/IMG_0200.MOV", f.eTag("photos/Live B/IMG_0200.MOV"));
        assertThat(listed("Live B")).as("alone, the MOV is a video").containsExactly("photos/Live B/IMG_0200.MOV");
        put("photos/Live B/IMG_0200.HEIC", pair.still());

        awaitPaired("photos/Live B/IMG_0200.HEIC", "photos/Live B/IMG_0200.MOV");
        Await.until("the MOV unlisted", () -> listed("Live B").equals(List.of("photos/Live B/IMG_0200.HEIC")));
    }

    @Test
    void aMovWithAnotherContentIdentifierStaysAVideo() {
        put("photos/Live C/IMG_0300.HEIC", LivePhotoFixtures.still("IMG_0300", ID));
        put("photos/Live C/IMG_0300.MOV", LivePhotoFixtures.motion("IMG_0300-other", "99999999-0000-4000-8000-000000000000"));

        f.awaitReady("photos/Live C/IMG_0300.HEIC", f.eTag("photos/Live C/IMG_0300.HEIC"));
        f.awaitReady("photos/Live C/IMG_0300.MOV", f.eTag("photos/Live C/IMG_0300.MOV"));
        assertThat(f.row("photos/Live C/IMG_0300.HEIC").orElseThrow().liveMotion()).isEmpty();
        assertThat(listed("Live C")).containsExactlyInAnyOrder("photos/Live C/IMG_0300.HEIC", "photos/Live C/IMG_0300.MOV");
    }

    @Test
    void deletingTheStillShowsTheMovAsAVideoAndDeletingTheMovLeavesAPlainPhoto() {
        LivePhotoFixtures.Pair pair = LivePhotoFixtures.livePhoto("IMG_0400", null); // no identifiers: the names pair them
        put("photos/Live D/IMG_0400.HEIC", pair.still());
        put("photos/Live D/IMG_0400.MOV", pair.motion());
        put("photos/Live D/IMG_0401.HEIC", pair.still());
        put("photos/Live D/IMG_0401.MOV", pair.motion());
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
