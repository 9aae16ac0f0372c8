package gallery.index;

import gallery.core.PhotoKey;
import gallery.core.PhotoMetadata;
import gallery.core.Rendition;
import gallery.core.events.Sequencer;
import gallery.core.preset.OutputFormat;
import gallery.index.Outcomes.RenderOutcome;
import gallery.index.Outcomes.UploadOutcome;
import gallery.index.Outcomes.WriteOutcome;
import gallery.index.PhotoRules.Current;
import gallery.index.PhotoRules.Decision;
import gallery.index.PhotoRules.Patch;
import gallery.index.PhotoRules.Replace;
import gallery.index.PhotoRules.Tombstone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The photo state machine as tables of cases: no DynamoDB, no clock (PhotoIndexIT runs the same rules against DynamoDB Local). */
class PhotoRulesTest {
    static final PhotoKey KEY = new PhotoKey("photos/Trip/IMG_1.HEIC");
    static final PhotoKey MOV = new PhotoKey("photos/Trip/IMG_1.MOV");
    static final Instant T0 = Instant.parse("2024-06-01T10:00:00Z"), NOW = Instant.parse("2024-06-02T10:00:00Z");
    static final String W640 = "renditions/640/photos/Trip/IMG_1.HEIC.webp";
    static final Rendition R640 = new Rendition(640, 640, 480, OutputFormat.WEBP, 30_000);

    // ---------------------------------------------------------------- uploads

    /** What is there (nothing, a tombstone, a row in some status), the upload's sequencer and eTag, and the expected outcome. */
    static Stream<Arguments> uploads() {
        return Stream.of(
                arguments("first upload", null, "10", "e1", UploadOutcome.RENDER, Replace.class),
                arguments("older than the row", row(PhotoStatus.READY, "e1", "20"), "10", "e0", UploadOutcome.STALE, null),
                arguments("older than its own delete", tombstone("20"), "10", "e1", UploadOutcome.STALE, null),
                arguments("newer than a delete", tombstone("10"), "20", "e1", UploadOutcome.RENDER, Replace.class),
                arguments("same event again, job queued", queued(row(PhotoStatus.PENDING, "e1", "10")), "10", "e1", UploadOutcome.DUPLICATE, null),
                arguments("same event again, job never queued", row(PhotoStatus.PENDING, "e1", "10"), "10", "e1", UploadOutcome.RENDER, null),
                arguments("same event of a READY row", row(PhotoStatus.READY, "e1", "10"), "10", "e1", UploadOutcome.DUPLICATE, null),
                arguments("newer event, same bytes, READY", row(PhotoStatus.READY, "e1", "10"), "20", "e1", UploadOutcome.DUPLICATE, Patch.class),
                arguments("newer event, same bytes, job lost", row(PhotoStatus.PENDING, "e1", "10"), "20", "e1", UploadOutcome.RENDER, Patch.class),
                arguments("newer event, same bytes, FAILED", row(PhotoStatus.FAILED, "e1", "10"), "20", "e1", UploadOutcome.DUPLICATE, Patch.class),
                arguments("newer event, new bytes", row(PhotoStatus.READY, "e1", "10"), "20", "e2", UploadOutcome.RENDER, Replace.class),
                arguments("sequencers differ in case only", row(PhotoStatus.READY, "e1", "AB"), "ab", "e2", UploadOutcome.DUPLICATE, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uploads")
    void anUpload(String name, Current current, String sequencer, String eTag, UploadOutcome outcome, Class<?> write) {
        Decision<UploadOutcome> d = PhotoRules.upload(current, upload(sequencer, eTag), NOW);
        assertThat(d.result()).isEqualTo(outcome);
        assertThat(d.write()).as("the write").satisfies(w -> {
            if (write == null) assertThat(w).isNull();
            else assertThat(w).isInstanceOf(write);
        });
    }

    @Test
    void aNewVersionIsPendingWithNothingRenderedAndDoomsThePreviousPicture() {
        Decision<UploadOutcome> d = PhotoRules.upload(rendered(row(PhotoStatus.READY, "e1", "10")), upload("20", "e2"), NOW);
        Replace r = (Replace) d.write();
        assertThat(r.row().status()).isEqualTo(PhotoStatus.PENDING);
        assertThat(r.row().version()).isEqualTo(new PhotoRow.Version("e2", "v-20", Sequencer.normalize("20"), 2_000, T0));
        assertThat(r.row().rendering().renditions()).isEmpty();
        assertThat(r.row().rendering().presetName()).isEqualTo("default");
        assertThat(r.row().state().updatedAt()).isEqualTo(NOW);
        assertThat(r.queued()).isFalse();
        assertThat(r.record().derived()).isEmpty();
        assertThat(r.record().toDelete()).extracting(DerivedRecord.Doomed::key).containsExactly(W640);
    }

    @Test
    void aNewerEventForTheSameBytesKeepsWhatWasRenderedAndTakesTheNewerSequencerAndVersion() {
        Current ready = rendered(row(PhotoStatus.READY, "e1", "10"));
        Patch p = (Patch) PhotoRules.upload(ready, upload("20", "e1"), NOW).write();
        assertThat(p.row().version().sequencer()).isEqualTo(Sequencer.normalize("20"));
        assertThat(p.row().version().versionId()).isEqualTo("v-20");
        assertThat(p.row().rendering()).isEqualTo(ready.row().rendering());
        assertThat(p.row().status()).isEqualTo(PhotoStatus.READY);
        assertThat(p.record()).isEqualTo(ready.record());
    }

    @Test
    void aRefusedUploadIsFailedWithItsReasonUnlessAnEventAsNewWasApplied() {
        Replace r = (Replace) PhotoRules.rejected(rendered(row(PhotoStatus.READY, "e1", "10")), upload("20", "e2"), "not an image", NOW).write();
        assertThat(r.row().state()).isEqualTo(new PhotoRow.State(PhotoStatus.FAILED, "not an image", NOW));
        assertThat(r.record().toDelete()).extracting(DerivedRecord.Doomed::key).containsExactly(W640);
        assertThat(PhotoRules.rejected(tombstone("20"), upload("20", "e2"), "bad", NOW).result()).isEqualTo(WriteOutcome.DUPLICATE);
        assertThat(PhotoRules.rejected(tombstone("30"), upload("20", "e2"), "bad", NOW).result()).isEqualTo(WriteOutcome.STALE);
    }

    // ---------------------------------------------------------------- removals

    static Stream<Arguments> removals() {
        return Stream.of(
                arguments("nothing there", null, "10", WriteOutcome.APPLIED, false),
                arguments("a row", row(PhotoStatus.READY, "e1", "10"), "20", WriteOutcome.APPLIED, true),
                arguments("the same delete again", tombstone("20"), "20", WriteOutcome.DUPLICATE, false),
                arguments("a delete older than the upload", row(PhotoStatus.PENDING, "e1", "30"), "20", WriteOutcome.STALE, false),
                arguments("a newer delete after a delete", tombstone("20"), "30", WriteOutcome.APPLIED, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("removals")
    void aRemoval(String name, Current current, String sequencer, WriteOutcome outcome, boolean hadRow) {
        Decision<Outcomes.Removal> d = PhotoRules.removal(current, KEY, sequencer, Set.of(), NOW);
        assertThat(d.result().outcome()).isEqualTo(outcome);
        assertThat(d.result().previous() != null).isEqualTo(hadRow);
        if (outcome == WriteOutcome.APPLIED) {
            Tombstone t = (Tombstone) d.write();
            assertThat(t.sequencer()).isEqualTo(Sequencer.normalize(sequencer));
            assertThat(t.expiresAt()).isEqualTo(NOW.plus(PhotoRules.TOMBSTONE_LIFETIME));
        } else {
            assertThat(d.write()).isNull();
        }
    }

    @Test
    void aRemovalDoomsWhatTheRowListsAndGuessesOnlyWhenNothingWasEverClaimed() {
        String guess = "renditions/2560/photos/Trip/IMG_1.HEIC.webp";
        Tombstone claimed = (Tombstone) PhotoRules.removal(rendered(row(PhotoStatus.READY, "e1", "10")), KEY, "20", Set.of(guess), NOW).write();
        assertThat(claimed.record().toDelete()).extracting(DerivedRecord.Doomed::key).containsExactly(W640);
        Tombstone legacy = (Tombstone) PhotoRules.removal(row(PhotoStatus.READY, "e1", "10"), KEY, "20", Set.of(guess), NOW).write();
        assertThat(legacy.record().toDelete()).extracting(DerivedRecord.Doomed::key).containsExactly(guess);
    }

    // ---------------------------------------------------------------- the worker

    /** A worker's writes apply only to the version (eTag) it rendered, and never to a deleted photo. */
    static Stream<Arguments> renders() {
        return Stream.of(
                arguments("no row", null, "e1", RenderOutcome.GONE),
                arguments("deleted", tombstone("20"), "e1", RenderOutcome.GONE),
                arguments("replaced", row(PhotoStatus.PENDING, "e2", "20"), "e1", RenderOutcome.REPLACED),
                arguments("this version", row(PhotoStatus.PENDING, "e1", "10"), "e1", RenderOutcome.UPDATED),
                arguments("this version, already READY (another preset)", rendered(row(PhotoStatus.READY, "e1", "10")), "e1", RenderOutcome.UPDATED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void aClaimAndACompletion(String name, Current current, String eTag, RenderOutcome outcome) {
        assertThat(PhotoRules.claim(current, eTag, Set.of(W640)).result()).isEqualTo(outcome);
        assertThat(PhotoRules.rendered(current, eTag, done(), Set.of(W640), Set.of(W640), true, NOW).result()).isEqualTo(outcome);
        assertThat(PhotoRules.failed(current, eTag, "broken", NOW).result()).isEqualTo(outcome);
    }

    @Test
    void aCompletionWhoseKeysWereTakenBackIsReclaimedAndWritesNothing() {
        Current pending = row(PhotoStatus.PENDING, "e1", "10");
        Current claimed = withRecord(pending, DerivedRecord.EMPTY.claim(Set.of(W640)));
        Decision<RenderOutcome> d = PhotoRules.rendered(pending, "e1", done(), Set.of(W640), Set.of(W640), false, NOW);
        assertThat(d.result()).isEqualTo(RenderOutcome.RECLAIMED);
        assertThat(d.write()).isNull();
        assertThat(PhotoRules.rendered(claimed, "e1", done(), Set.of(W640), Set.of(W640), false, NOW).result()).isEqualTo(RenderOutcome.UPDATED);
    }

    @Test
    void aCompletionIsReadyWithTheRendersMetadataAndTheRowsWhereTheRenderSaysNothing() {
        Current pending = row(PhotoStatus.PENDING, "e1", "10");
        Replace r = (Replace) PhotoRules.rendered(pending, "e1", done(), Set.of(W640), Set.of(W640), true, NOW).write();
        assertThat(r.row().status()).isEqualTo(PhotoStatus.READY);
        assertThat(r.row().metadata()).isEqualTo(new PhotoMetadata(640, 480, OffsetDateTime.parse("2024-05-01T12:00:00+02:00"),
                "Apple", "iPhone 15", 48.1, 11.5));
        assertThat(r.row().rendering()).isEqualTo(new PhotoRow.Rendering("data:p", "default", 3, List.of(R640)));
        assertThat(r.row().version()).isEqualTo(pending.row().version());
        assertThat(r.record().derived()).containsExactly(W640);
    }

    @Test
    void aFailedRenderListsNoRenditionsAndDoomsThemAll() {
        Replace r = (Replace) PhotoRules.failed(rendered(row(PhotoStatus.READY, "e1", "10")), "e1", "broken", NOW).write();
        assertThat(r.row().state()).isEqualTo(new PhotoRow.State(PhotoStatus.FAILED, "broken", NOW));
        assertThat(r.row().rendering()).isEqualTo(new PhotoRow.Rendering(null, "default", 3, List.of()));
        assertThat(r.record().toDelete()).extracting(DerivedRecord.Doomed::key).containsExactly(W640);
    }

    @Test
    void aVideosCompletionKeepsWhatIngestKnewUnlessTheWorkerLearntMore() {
        Video probed = new Video(3_000, "vp9", false, 0);
        Current pending = video(row(PhotoStatus.PENDING, "e1", "10"), probed);
        Rendered poster = new Rendered(PhotoMetadata.NONE, null, "default", 3, List.of(R640));
        Replace kept = (Replace) PhotoRules.rendered(pending, "e1", poster, Set.of(W640), Set.of(W640), true, NOW).write();
        assertThat(kept.row().video()).isEqualTo(probed);
        Rendered copy = new Rendered(PhotoMetadata.NONE, null, "default", 3, List.of(R640), probed.withCopy(9_000));
        Replace learnt = (Replace) PhotoRules.rendered(pending, "e1", copy, Set.of(W640), Set.of(W640), true, NOW).write();
        assertThat(learnt.row().video().copyBytes()).isEqualTo(9_000);
        assertThat(learnt.row().metadata().width()).as("the row's, the poster said nothing").isEqualTo(4032);
    }

    // ---------------------------------------------------------------- Live Photos

    static Stream<Arguments> pairings() {
        Current still = row(PhotoStatus.READY, "e1", "10");
        Current motion = video(row(PhotoStatus.READY, "m1", "10"), new Video(2_000, "hvc1", false, 0));
        Current pairedStill = live(still, "photos/Trip/IMG_1.MOV");
        Current pairedElsewhere = live(still, "photos/Trip/OTHER.MOV");
        return Stream.of(
                arguments("a motion names its still", motion, Boolean.TRUE, KEY.value(), null, Boolean.TRUE, true),
                arguments("a still cannot be the motion", still, Boolean.TRUE, KEY.value(), null, null, false),
                arguments("a deleted row has nothing to pair", tombstone("10"), Boolean.FALSE, MOV.value(), null, null, false),
                arguments("paired already: nothing to write", pairedStill, Boolean.FALSE, MOV.value(), null, Boolean.TRUE, false),
                arguments("the first pairing stays", pairedElsewhere, Boolean.FALSE, MOV.value(), null, Boolean.FALSE, false),
                arguments("unpaired when its partner goes", pairedStill, null, null, MOV.value(), Boolean.FALSE, true),
                arguments("not unpaired from another partner", pairedElsewhere, null, null, MOV.value(), Boolean.FALSE, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairings")
    void aLivePhotoPairing(String name, Current current, Boolean video, String pair, String onlyIf, Boolean result, boolean writes) {
        Decision<Boolean> d = PhotoRules.pair(current, video, pair, onlyIf);
        assertThat(d.result()).isEqualTo(result);
        assertThat(d.write() != null).isEqualTo(writes);
        if (writes) {
            Patch p = (Patch) d.write();
            assertThat(p.row().live() == null ? null : p.row().live().pair()).isEqualTo(pair);
            assertThat(p.record()).isEqualTo(current.record());
        }
    }

    @Test
    void aNewVersionOfAPairedHalfKeepsItsPartnerAndTakesItsOwnContentId() {
        Current paired = live(row(PhotoStatus.READY, "e1", "10"), MOV.value());
        Upload next = new Upload(KEY, "e2", "v-20", "20", 2_000, T0, PhotoMetadata.NONE, "default", 3, null, "CID-2", null);
        Replace r = (Replace) PhotoRules.upload(paired, next, NOW).write();
        assertThat(r.row().live()).isEqualTo(new LivePhoto("CID-2", MOV.value()));
        assertThat(r.row().liveMotion()).contains(MOV);
    }

    // ---------------------------------------------------------------- the record

    @Test
    void forgettingKeepsTheLaterInvalidationsOnlyWhileTheVersionIsCurrent() {
        DerivedRecord.Doomed old = new DerivedRecord.Doomed("e0", W640);
        DerivedRecord record = DerivedRecord.EMPTY.doom(List.of(old));
        Patch live = (Patch) PhotoRules.forget(withRecord(row(PhotoStatus.READY, "e1", "10"), record), List.of(old), List.of(old)).write();
        assertThat(live.record().cached()).isNotEmpty();
        Patch gone = (Patch) PhotoRules.forget(Current.tombstone(Sequencer.normalize("20"), record), List.of(old), List.of(old)).write();
        assertThat(gone.record().cached()).isEmpty();
        assertThat(PhotoRules.forget(null, List.of(old), List.of()).write()).isNull();
    }

    // ---------------------------------------------------------------- fixtures

    static Upload upload(String sequencer, String eTag) {
        return new Upload(KEY, eTag, "v-" + sequencer, sequencer, 2_000, T0, PhotoMetadata.NONE, "default", 3);
    }

    static Current row(PhotoStatus status, String eTag, String sequencer) {
        PhotoRow row = new PhotoRow(KEY, "Trip", new PhotoRow.Version(eTag, "v-" + sequencer, Sequencer.normalize(sequencer), 2_000, T0),
                new PhotoRow.State(status, status == PhotoStatus.FAILED ? "broken" : null, T0),
                new PhotoMetadata(4032, 3024, OffsetDateTime.parse("2024-05-01T12:00:00+02:00"), "Apple", "iPhone 15", 48.1, 11.5),
                PhotoRow.Rendering.pending("default", 3), null, null, null);
        return Current.of(row, false, DerivedRecord.EMPTY);
    }

    /** The row READY with a 640 rendition, claimed and kept in the record. */
    static Current rendered(Current c) {
        PhotoRow row = c.row().withRendering(new PhotoRow.Rendering("data:p", "default", 3, List.of(R640)));
        DerivedRecord record = DerivedRecord.EMPTY.claim(Set.of(W640)).keepOnly(Set.of(W640), Set.of(W640), c.row().version().eTag());
        return Current.of(row, false, record);
    }

    static Current queued(Current c) {
        return Current.of(c.row(), true, c.record());
    }

    static Current withRecord(Current c, DerivedRecord record) {
        return Current.of(c.row(), c.queued(), record);
    }

    static Current video(Current c, Video video) {
        return Current.of(c.row().withVideo(video), c.queued(), c.record());
    }

    static Current live(Current c, String pair) {
        return Current.of(c.row().withLive(new LivePhoto("CID-1", pair)), c.queued(), c.record());
    }

    static Current tombstone(String sequencer) {
        return Current.tombstone(Sequencer.normalize(sequencer), DerivedRecord.EMPTY);
    }

    /** A finished render: the size it saw, its own metadata (no GPS: the row's stays). */
    static Rendered done() {
        return new Rendered(new PhotoMetadata(640, 480, null, null, null, null, null), "data:p", "default", 3, List.of(R640));
    }
}
