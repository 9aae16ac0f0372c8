package gallery.admin;

import gallery.core.PhotoMetadata;
import gallery.admin.ReprocessPlanner.Reason;
import gallery.core.PhotoKey;
import gallery.core.preset.OutputFormat;
import gallery.core.preset.Preset;
import gallery.index.PhotoIndex.Stored;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.core.Rendition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReprocessPlannerTest {
    static final Preset V1 = new Preset("default", 1, List.of(256, 640, 1280), OutputFormat.WEBP, 80);
    static final Preset V2 = new Preset("default", 2, List.of(256, 640, 1280, 1920), OutputFormat.WEBP, 80);
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final PhotoKey KEY = new PhotoKey("photos/A/a.jpg");
    static final Original LISTED = new Original(KEY, 1000, "etag1", NOW.minus(Duration.ofDays(3)));

    static PhotoRow row(PhotoStatus status, Preset preset, int width, int height, List<Integer> sizes, Instant updated) {
        List<Rendition> renditions = new ArrayList<>();
        for (int s : sizes) renditions.add(new Rendition(s, s, s, OutputFormat.WEBP, 100));
        return new PhotoRow(KEY, "A", new PhotoRow.Version("etag1", "v1", "0", 1000, updated),
                new PhotoRow.State(status, status == PhotoStatus.FAILED ? "bad" : null, updated),
                new PhotoMetadata(width, height, null, null, null, null, null),
                new PhotoRow.Rendering(null, preset.name(), preset.version(), renditions), null, null, null);
    }

    static ReprocessPlanner planner(Preset preset, boolean all, boolean busy) {
        return new ReprocessPlanner(new ReprocessPlanner.Settings(preset, all, false, Duration.ofHours(1), busy, NOW));
    }

    @Test
    void aPresetVersionBumpQueuesRowsRenderedWithTheOlderOne() {
        Stored v1 = new Stored(KEY, row(PhotoStatus.READY, V1, 3000, 2000, List.of(256, 640, 1280), NOW), null);
        assertThat(planner(V1, false, false).decide(LISTED, v1)).isEqualTo(Reason.UP_TO_DATE);
        assertThat(planner(V2, false, false).decide(LISTED, v1)).isEqualTo(Reason.PRESET_OUTDATED);
    }

    @Test
    void missingRenditionsAreFoundButSizesNeverRenderedAreNotExpected() {
        Stored gap = new Stored(KEY, row(PhotoStatus.READY, V2, 3000, 2000, List.of(256, 1280, 1920), NOW), null);
        assertThat(planner(V2, false, false).decide(LISTED, gap)).isEqualTo(Reason.RENDITIONS_MISSING);
        // 600 px wide: 256 and 640 (at its own size) exist; 1280 and 1920 are never rendered (no upscaling).
        Stored small = new Stored(KEY, row(PhotoStatus.READY, V2, 600, 400, List.of(256, 640), NOW), null);
        assertThat(planner(V2, false, false).decide(LISTED, small)).isEqualTo(Reason.UP_TO_DATE);
    }

    @Test
    void aMarkedRowIsWaitingOnlyWhileTheLaneHoldsMessages() {
        Stored marked = new Stored(KEY, row(PhotoStatus.READY, V1, 3000, 2000, List.of(256, 640, 1280), NOW), ReprocessPlanner.mark(V2));
        assertThat(planner(V2, false, true).decide(LISTED, marked)).isEqualTo(Reason.ALREADY_QUEUED);
        assertThat(planner(V2, false, false).decide(LISTED, marked)).isEqualTo(Reason.PRESET_OUTDATED);
        assertThat(planner(V2, true, true).decide(LISTED, marked)).isEqualTo(Reason.ALREADY_QUEUED);
        Stored otherMark = new Stored(KEY, marked.row(), "default:1");
        assertThat(planner(V2, false, true).decide(LISTED, otherMark)).isEqualTo(Reason.PRESET_OUTDATED);
    }

    @Test
    void aVideoWithoutItsCopyIsQueuedAndItsMarkCountsWhileTheVideoLaneHoldsMessages() {
        PhotoRow r = row(PhotoStatus.READY, V1, 3000, 2000, List.of(256, 640, 1280), NOW);
        PhotoRow noCopy = r.withVersion(new PhotoRow.Version(r.version().eTag(), r.version().versionId(), r.version().sequencer(),
                        r.version().bytes(), NOW)).withState(new PhotoRow.State(r.status(), null, NOW))
                .withVideo(new gallery.index.Video(3000, "hvc1", false, 0));
        assertThat(planner(V1, false, false).decide(LISTED, new Stored(KEY, noCopy, null))).isEqualTo(Reason.COPY_MISSING);
        Stored marked = new Stored(KEY, noCopy, ReprocessPlanner.mark(V1));
        // The reprocess lane busy says nothing about a video's job, which is on the video lane.
        assertThat(planner(V1, false, true).decide(LISTED, marked)).isEqualTo(Reason.COPY_MISSING);
        assertThat(new ReprocessPlanner(new ReprocessPlanner.Settings(V1, false, false, Duration.ofHours(1), false, true, NOW))
                .decide(LISTED, marked)).isEqualTo(Reason.ALREADY_QUEUED);
    }

    @Test
    void pendingFailedMissingDeletedAndReplacedRows() {
        ReprocessPlanner p = planner(V1, false, false);
        assertThat(p.decide(LISTED, null)).isEqualTo(Reason.NO_ROW);
        assertThat(p.decide(LISTED, new Stored(KEY, null, null))).isEqualTo(Reason.DELETED);
        assertThat(p.decide(LISTED, new Stored(KEY, row(PhotoStatus.PENDING, V1, 10, 10, List.of(), NOW.minusSeconds(60)), null)))
                .isEqualTo(Reason.PENDING);
        assertThat(p.decide(LISTED, new Stored(KEY, row(PhotoStatus.PENDING, V1, 10, 10, List.of(), NOW.minus(Duration.ofHours(2))), null)))
                .isEqualTo(Reason.PENDING_TOO_LONG);
        Stored failed = new Stored(KEY, row(PhotoStatus.FAILED, V1, 10, 10, List.of(), NOW), null);
        assertThat(p.decide(LISTED, failed)).isEqualTo(Reason.FAILED);
        assertThat(new ReprocessPlanner(new ReprocessPlanner.Settings(V1, false, true, Duration.ofHours(1), false, NOW))
                .decide(LISTED, failed)).isEqualTo(Reason.FAILED_RETRY);
        Original replaced = new Original(KEY, 1000, "etag2", NOW);
        assertThat(p.decide(replaced, failed)).isEqualTo(Reason.OTHER_VERSION);
        assertThat(planner(V1, true, false).decide(LISTED, failed)).isEqualTo(Reason.FORCED);
    }
}
