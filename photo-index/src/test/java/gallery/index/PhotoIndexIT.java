package gallery.index;

import gallery.core.Rendition;
import gallery.core.PhotoMetadata;
import gallery.core.PhotoKey;
import gallery.core.preset.OutputFormat;
import gallery.index.Outcomes.RenderOutcome;
import gallery.index.Outcomes.UploadOutcome;
import gallery.index.Outcomes.WriteOutcome;
import gallery.testing.DynamoDbLocal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhotoIndexIT {
    private static DynamoDbLocal dynamoLocal;
    private static DynamoDbClient dynamo;
    private PhotoIndex index;

    @BeforeAll
    static void startDynamo() {
        dynamoLocal = DynamoDbLocal.start();
        dynamo = dynamoLocal.client();
    }

    @AfterAll
    static void stopDynamo() throws Exception {
        dynamo.close();
        dynamoLocal.close();
    }

    @BeforeEach
    void freshTable() {
        String table = "photos-" + UUID.randomUUID();
        PhotoTable.create(dynamo, table);
        index = new PhotoIndex(dynamo, table);
    }

    @Test
    void albumAccessRulesAreSetListedAndCleared() {
        assertThat(index.queries().albumAccess().rules()).isEmpty();
        index.setAlbumAccess("Parents", java.util.Set.of("parents"));
        index.setAlbumAccess("Family/Grandma", java.util.Set.of("parents", "grandparents"));
        gallery.core.AlbumAccess access = index.queries().albumAccess();
        assertThat(access.rules()).containsOnlyKeys("Parents", "Family/Grandma");
        assertThat(access.groupsOf("Family/Grandma/1980")).containsExactlyInAnyOrder("parents", "grandparents");
        index.setAlbumAccess("Parents", java.util.Set.of());
        assertThat(index.queries().albumAccess().rules()).containsOnlyKeys("Family/Grandma");
        // The rule is not an album: it lists no photo and no album summary.
        assertThat(index.queries().albums()).isEmpty();
    }

    @Test
    void createIsIdempotent() {
        PhotoTable.create(dynamo, index.table());
        assertThat(index.get(PhotoKey.of("photos/a/b.jpg"))).isEmpty();
    }

    @Test
    void albumListsReadyPhotosByDateTakenInPages() {
        // Uploaded in an order unrelated to when they were taken.
        String[] taken = {"2024-07-03T10:00:00+02:00", "2024-07-01T09:00:00-05:00", "2024-07-02T12:00:00Z", "2024-07-01T08:00:00Z", "2024-07-05T00:00:00+09:00"};
        for (int i = 0; i < taken.length; i++) {
            ready("photos/Summer 2024/img" + i + ".jpg", "e" + i, seq(1), OffsetDateTime.parse(taken[i]));
        }
        ready("photos/Other/x.jpg", "x", seq(1), OffsetDateTime.parse("2024-07-02T00:00:00Z"));
        // Pending and failed photos are not listed.
        assertThat(index.recordUpload(upload("photos/Summer 2024/pending.jpg", "p", seq(1), null))).isEqualTo(UploadOutcome.RENDER);

        List<String> keys = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<PhotoRow> page = index.queries().album("Summer 2024", cursor, 2);
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            page.items().forEach(r -> keys.add(r.key().fileName()));
            cursor = page.next();
            pages++;
        } while (cursor != null);
        // 08:00Z, 14:00Z (09:00-05:00), 07-02 12:00Z, 07-03 08:00Z (10:00+02:00), 07-04 15:00Z (07-05 00:00+09:00)
        assertThat(keys).containsExactly("img3.jpg", "img1.jpg", "img2.jpg", "img0.jpg", "img4.jpg");
        assertThat(pages).isGreaterThanOrEqualTo(3);

        PhotoRow first = index.queries().album("Summer 2024", null, 1).items().get(0);
        assertThat(first.status()).isEqualTo(PhotoStatus.READY);
        assertThat(first.metadata().takenAt()).isEqualTo(OffsetDateTime.parse("2024-07-01T08:00:00Z"));
        assertThat(first.rendering().renditions()).extracting(Rendition::size).containsExactly(256, 640);
    }

    @Test
    void photoWithoutDateSortsByUploadTime() {
        ready("photos/a/dated.jpg", "d", seq(1), OffsetDateTime.parse("2020-01-01T00:00:00Z"));
        Upload undated = new Upload(PhotoKey.of("photos/a/undated.png"), "u", null, seq(1), 10,
                Instant.parse("2019-06-01T00:00:00Z"), PhotoMetadata.NONE, "default", 1);
        index.recordUpload(undated);
        index.completeRender(undated.key(), "u", rendered(null));
        assertThat(index.queries().album("a", null, 10).items()).extracting(r -> r.key().fileName())
                .containsExactly("undated.png", "dated.jpg");
    }

    @Test
    void timelineIsNewestFirstAcrossAlbumsAndPages() {
        ready("photos/a/1.jpg", "1", seq(1), OffsetDateTime.parse("2021-01-01T00:00:00Z"));
        ready("photos/b/2.jpg", "2", seq(1), OffsetDateTime.parse("2023-01-01T00:00:00Z"));
        ready("photos/c/d/3.jpg", "3", seq(1), OffsetDateTime.parse("2022-01-01T00:00:00Z"));
        ready("photos/4.jpg", "4", seq(1), OffsetDateTime.parse("2024-01-01T00:00:00Z"));

        Page<PhotoRow> p1 = index.queries().timeline(null, 3);
        assertThat(p1.items()).extracting(r -> r.key().value()).containsExactly("photos/4.jpg", "photos/b/2.jpg", "photos/c/d/3.jpg");
        assertThat(p1.next()).isNotNull();
        Page<PhotoRow> p2 = index.queries().timeline(p1.next(), 3);
        assertThat(p2.items()).extracting(r -> r.key().value()).containsExactly("photos/a/1.jpg");
    }

    @Test
    void albumsHaveCountCoverAndDateRangeMaintainedOnWrite() {
        ready("photos/Trip/1.jpg", "1", seq(1), OffsetDateTime.parse("2022-05-01T10:00:00Z"));
        ready("photos/Trip/2.jpg", "2", seq(1), OffsetDateTime.parse("2022-05-03T10:00:00Z"));
        ready("photos/Trip/3.jpg", "3", seq(1), OffsetDateTime.parse("2022-05-02T10:00:00Z"));
        ready("photos/1.jpg", "r", seq(1), OffsetDateTime.parse("2010-01-01T00:00:00Z"));

        List<AlbumSummary> albums = index.queries().albums();
        assertThat(albums).extracting(AlbumSummary::name).containsExactly("Trip", "");
        AlbumSummary trip = albums.get(0);
        assertThat(trip.count()).isEqualTo(3);
        assertThat(trip.cover().key().value()).isEqualTo("photos/Trip/2.jpg");
        assertThat(trip.from()).isEqualTo(LocalDateTime.parse("2022-05-01T10:00:00"));
        assertThat(trip.to()).isEqualTo(LocalDateTime.parse("2022-05-03T10:00:00"));

        // Deleting the newest photo moves the cover and the range.
        assertThat(index.recordRemoval(PhotoKey.of("photos/Trip/2.jpg"), seq(2)).outcome()).isEqualTo(WriteOutcome.APPLIED);
        trip = index.queries().albums().get(0);
        assertThat(trip.count()).isEqualTo(2);
        assertThat(trip.cover().key().value()).isEqualTo("photos/Trip/3.jpg");
        assertThat(trip.to()).isEqualTo(LocalDateTime.parse("2022-05-02T10:00:00"));

        // An album whose last photo goes is no longer listed.
        index.recordRemoval(PhotoKey.of("photos/1.jpg"), seq(2));
        assertThat(index.queries().albums()).extracting(AlbumSummary::name).containsExactly("Trip");
    }

    @Test
    void failedPhotosAreListedWithReasons() {
        Upload bad = upload("photos/a/bad.jpg", "b", seq(1), null);
        assertThat(index.recordRejected(bad, "not an image: starts with '<html'")).isEqualTo(WriteOutcome.APPLIED);
        Upload corrupt = upload("photos/a/corrupt.jpg", "c", seq(1), null);
        index.recordUpload(corrupt);
        assertThat(index.markFailed(corrupt.key(), "c", "JPEG truncated after 1024 bytes")).isEqualTo(RenderOutcome.UPDATED);
        ready("photos/a/good.jpg", "g", seq(1), OffsetDateTime.parse("2022-01-01T00:00:00Z"));

        Page<PhotoRow> failed = index.queries().failed(null, 10);
        assertThat(failed.items()).extracting(r -> r.key().fileName()).containsExactlyInAnyOrder("bad.jpg", "corrupt.jpg");
        assertThat(failed.items()).extracting(r -> r.state().failureReason())
                .containsExactlyInAnyOrder("not an image: starts with '<html'", "JPEG truncated after 1024 bytes");
        assertThat(failed.items()).allMatch(r -> r.status() == PhotoStatus.FAILED);

        // A fixed re-upload leaves the failed list.
        index.recordUpload(upload("photos/a/bad.jpg", "b2", seq(2), null));
        assertThat(index.queries().failed(null, 10).items()).extracting(r -> r.key().fileName()).containsExactly("corrupt.jpg");
    }

    @Test
    void duplicateEventIsANoOpOnceItsJobIsQueued() {
        Upload u = upload("photos/a/1.jpg", "e1", seq(5), null);
        assertThat(index.recordUpload(u)).isEqualTo(UploadOutcome.RENDER);
        // The job never got queued (ingest died): a redelivery must queue it.
        assertThat(index.recordUpload(u)).isEqualTo(UploadOutcome.RENDER);
        index.markQueued(u.key(), "e1");
        assertThat(index.recordUpload(u)).isEqualTo(UploadOutcome.DUPLICATE);
        // A newer event for the same bytes: nothing to render.
        assertThat(index.recordUpload(upload("photos/a/1.jpg", "e1", seq(6), null))).isEqualTo(UploadOutcome.DUPLICATE);
        assertThat(index.get(u.key()).orElseThrow().version().sequencer()).isEqualTo(gallery.core.events.Sequencer.normalize(seq(6)));
    }

    @Test
    void olderCreateNeverOverwritesNewerOne() {
        PhotoKey key = PhotoKey.of("photos/a/1.jpg");
        assertThat(index.recordUpload(upload(key.value(), "new", seq(9), null))).isEqualTo(UploadOutcome.RENDER);
        assertThat(index.recordUpload(upload(key.value(), "old", seq(3), null))).isEqualTo(UploadOutcome.STALE);
        assertThat(index.get(key).orElseThrow().version().eTag()).isEqualTo("new");
    }

    @Test
    void deleteArrivingBeforeItsCreateLeavesNothing() {
        PhotoKey key = PhotoKey.of("photos/a/1.jpg");
        var removal = index.recordRemoval(key, seq(2));
        assertThat(removal.outcome()).isEqualTo(WriteOutcome.APPLIED);
        assertThat(removal.previous()).isNull();
        assertThat(index.recordUpload(upload(key.value(), "e", seq(1), null))).isEqualTo(UploadOutcome.STALE);
        assertThat(index.recordRejected(upload(key.value(), "e", seq(1), null), "bad")).isEqualTo(WriteOutcome.STALE);
        assertThat(index.get(key)).isEmpty();
        assertThat(index.recordRemoval(key, seq(2)).outcome()).isEqualTo(WriteOutcome.DUPLICATE);
        // A genuinely later upload of the same name comes back.
        assertThat(index.recordUpload(upload(key.value(), "e2", seq(3), null))).isEqualTo(UploadOutcome.RENDER);
        assertThat(index.get(key)).isPresent();
    }

    @Test
    void olderDeleteDoesNotRemoveNewerPhoto() {
        PhotoKey key = PhotoKey.of("photos/a/1.jpg");
        ready(key.value(), "e", seq(4), OffsetDateTime.parse("2020-01-01T00:00:00Z"));
        assertThat(index.recordRemoval(key, seq(3)).outcome()).isEqualTo(WriteOutcome.STALE);
        assertThat(index.get(key).orElseThrow().status()).isEqualTo(PhotoStatus.READY);
    }

    @Test
    void deleteOfReadyPhotoReturnsItsRenditionsAndUnlistsIt() {
        PhotoKey key = PhotoKey.of("photos/a/1.jpg");
        ready(key.value(), "e", seq(1), OffsetDateTime.parse("2020-01-01T00:00:00Z"));
        var removal = index.recordRemoval(key, seq(2));
        assertThat(removal.previous().rendering().renditions()).extracting(Rendition::size).containsExactly(256, 640);
        assertThat(index.queries().album("a", null, 10).items()).isEmpty();
        assertThat(index.queries().timeline(null, 10).items()).isEmpty();
        assertThat(index.queries().albums()).isEmpty();
        // The worker finishing late for the deleted photo does not resurrect it.
        assertThat(index.completeRender(key, "e", rendered(null))).isEqualTo(RenderOutcome.GONE);
        assertThat(index.get(key)).isEmpty();
    }

    @Test
    void reUploadWithNewETagRendersAgainAndOldRenderIsRefused() {
        PhotoKey key = PhotoKey.of("photos/a/1.jpg");
        ready(key.value(), "v1", seq(1), OffsetDateTime.parse("2020-01-01T00:00:00Z"));
        assertThat(index.recordUpload(upload(key.value(), "v2", seq(2), OffsetDateTime.parse("2021-01-01T00:00:00Z"))))
                .isEqualTo(UploadOutcome.RENDER);
        PhotoRow pending = index.get(key).orElseThrow();
        assertThat(pending.status()).isEqualTo(PhotoStatus.PENDING);
        assertThat(pending.version().eTag()).isEqualTo("v2");
        assertThat(index.completeRender(key, "v1", rendered(null))).isEqualTo(RenderOutcome.REPLACED);
        assertThat(index.markFailed(key, "v1", "late failure of the old version")).isEqualTo(RenderOutcome.REPLACED);
        assertThat(index.completeRender(key, "v2", rendered(null))).isEqualTo(RenderOutcome.UPDATED);

        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.status()).isEqualTo(PhotoStatus.READY);
        assertThat(row.metadata().takenAt()).isEqualTo(OffsetDateTime.parse("2021-01-01T00:00:00Z"));
        // One album entry, at the new date.
        assertThat(index.queries().album("a", null, 10).items()).extracting(r -> r.version().eTag()).containsExactly("v2");
        assertThat(index.queries().albums().get(0).count()).isEqualTo(1);
        assertThat(index.queries().albums().get(0).from()).isEqualTo(LocalDateTime.parse("2021-01-01T00:00:00"));
    }

    @Test
    void rowKeepsWhatTheGalleryNeeds() {
        PhotoKey key = PhotoKey.of("photos/Fam/ïmg +1%.jpg");
        index.recordUpload(upload(key.value(), "e", seq(1), null));
        PhotoMetadata md = new PhotoMetadata(3172, 5640, OffsetDateTime.parse("2016-03-05T14:22:01+01:00"),
                "SONY", "DSC-RX100M4", 48.8584, 2.2945);
        index.completeRender(key, "e", new Rendered(md, "1QcSHQRnh493V4dIh4eXh1h4kJUI", "default", 3,
                List.of(new Rendition(256, 144, 256, OutputFormat.WEBP, 5000))));
        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.album()).isEqualTo("Fam");
        assertThat(row.metadata()).isEqualTo(md);
        assertThat(row.rendering().placeholder()).isEqualTo("1QcSHQRnh493V4dIh4eXh1h4kJUI");
        assertThat(row.rendering().presetName()).isEqualTo("default");
        assertThat(row.rendering().presetVersion()).isEqualTo(3);
        assertThat(row.rendering().renditions()).containsExactly(new Rendition(256, 144, 256, OutputFormat.WEBP, 5000));
        assertThat(row.version().bytes()).isEqualTo(1234);
        assertThat(row.state().updatedAt()).isNotNull();
    }

    @Test
    void aVideoKeepsWhatItsHeaderSaidUntilTheWorkerAddsTheCopy() {
        PhotoKey key = PhotoKey.of("photos/Fam/IMG_0001.MOV");
        Video header = new Video(2000, "hvc1", false, 0);
        Upload u = upload(key.value(), "e", seq(1), null);
        index.recordUpload(new Upload(u.key(), u.eTag(), u.versionId(), u.sequencer(), u.bytes(), u.uploadedAt(), u.metadata(),
                u.presetName(), u.presetVersion(), header));
        assertThat(index.get(key).orElseThrow().video()).isEqualTo(header);
        assertThat(index.get(key).orElseThrow().isVideo()).isTrue();

        // A photo's render (no video) keeps the row's; the video worker's replaces it.
        index.completeRender(key, "e", rendered(null));
        assertThat(index.get(key).orElseThrow().video()).isEqualTo(header);
        Rendered r = rendered(null);
        index.completeRender(key, "e", new Rendered(r.metadata(), r.placeholder(), r.presetName(), r.presetVersion(), r.renditions(),
                header.withCopy(123_456)));
        PhotoRow row = index.get(key).orElseThrow();
        assertThat(row.video()).isEqualTo(new Video(2000, "hvc1", false, 123_456));
        assertThat(index.queries().album("Fam", null, 10).items()).singleElement().extracting(PhotoRow::video).isEqualTo(row.video());
        index.markFailed(key, "e", "bad");
        assertThat(index.get(key).orElseThrow().video()).isEqualTo(row.video());
        assertThat(index.get(PhotoKey.of("photos/Fam/x.jpg"))).isEmpty();
    }

    @Test
    void badCursorsAndLimitsAreRefusedWithAReason() {
        assertThatThrownBy(() -> index.queries().album("a", "not-a-cursor!", 10))
                .isInstanceOf(InvalidCursor.class).hasMessageContaining("invalid cursor");
        ready("photos/a/1.jpg", "1", seq(1), OffsetDateTime.parse("2021-01-01T00:00:00Z"));
        ready("photos/a/2.jpg", "2", seq(1), OffsetDateTime.parse("2022-01-01T00:00:00Z"));
        String albumCursor = index.queries().album("a", null, 1).next();
        assertThatThrownBy(() -> index.queries().timeline(albumCursor, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another listing");
        assertThatThrownBy(() -> index.queries().timeline(null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit 0");
    }

    /**
     * Family file names carry '#', '?', '%', ':', '&', '+', spaces and non-ASCII; those end up in the album
     * entry's sort key ({@code <sort instant>#<key>}) and must round-trip through every read. Written when
     * DynamoDB Local answered a query with HTTP 500 "invalid number of binds" after such a key; the cause
     * turned out to be a second sqlite loaded by libvips (docs/architecture.md), not the key.
     */
    @Test
    void keysWithHashQuestionMarkPercentAndOtherPunctuationRoundTrip() {
        String album = "Safari 2024 #1 ?&:%+ Été";
        String[] names = {"Elephants #1.jpg", "what?.jpg", "100% lions.jpg", "12:30 zebra.jpg", "Tom & Jerry.jpg",
                "a+b=c.jpg", "Zürich 東京 🐘.jpg", "  spaced  out  .jpg", "#?%:&+.jpg", "%25%3F%23.jpg"};
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String key = "photos/" + album + "/" + names[i];
            ready(key, "e" + i, seq(1), OffsetDateTime.parse("2024-03-01T10:00:00Z").plusHours(i));
            expected.add(key);
        }
        // Same instant for two photos: the sort key's key component breaks the tie, still in one album.
        ready("photos/" + album + "/same #instant.jpg", "s", seq(1), OffsetDateTime.parse("2024-03-01T10:00:00Z"));

        assertThat(index.get(PhotoKey.of(expected.get(0)))).get().extracting(PhotoRow::status).isEqualTo(PhotoStatus.READY);

        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            Page<PhotoRow> page = index.queries().album(album, cursor, 3);
            page.items().forEach(r -> listed.add(r.key().value()));
            cursor = page.next();
        } while (cursor != null);
        assertThat(listed).hasSize(names.length + 1).containsAll(expected)
                .contains("photos/" + album + "/same #instant.jpg");
        assertThat(listed.subList(2, listed.size())).containsExactlyElementsOf(expected.subList(1, expected.size()));

        List<String> timeline = new ArrayList<>();
        cursor = null;
        do {
            Page<PhotoRow> page = index.queries().timeline(cursor, 4);
            page.items().forEach(r -> timeline.add(r.key().value()));
            cursor = page.next();
        } while (cursor != null);
        assertThat(timeline.get(0)).isEqualTo(expected.get(names.length - 1));
        assertThat(timeline).hasSize(names.length + 1);

        List<AlbumSummary> albums = index.queries().albums();
        assertThat(albums).extracting(AlbumSummary::name).containsExactly(album);
        assertThat(albums.get(0).count()).isEqualTo(names.length + 1);
        assertThat(albums.get(0).cover().key().value()).isEqualTo(expected.get(names.length - 1));
        assertThat(albums.get(0).from()).isEqualTo(LocalDateTime.parse("2024-03-01T10:00:00"));

        // Removing the newest re-queries the album's edges with the remaining '#'-laden sort keys.
        assertThat(index.recordRemoval(PhotoKey.of(expected.get(names.length - 1)), seq(2)).outcome()).isEqualTo(WriteOutcome.APPLIED);
        assertThat(index.queries().albums().get(0).cover().key().value()).isEqualTo(expected.get(names.length - 2));
        assertThat(index.queries().albums().get(0).count()).isEqualTo(names.length);
    }

    /**
     * The issue's case: one photo at 03:00 UTC on 1 July, another at 23:30 on 30 June in California
     * (06:30 UTC on 1 July, later in UTC). By UTC the timeline read July, June, July; by the local time
     * the cameras wrote it reads July, then June. A photo without an offset sorts by its wall clock too.
     */
    @Test
    void photosSortByTheLocalTimeTheCameraWroteWithUtcOnlyBreakingTies() {
        ready("photos/Trip/london.jpg", "l", seq(1), OffsetDateTime.parse("2024-07-01T03:00:00+00:00"));
        ready("photos/Trip/california.jpg", "c", seq(1), OffsetDateTime.parse("2024-06-30T23:30:00-07:00"));
        // No offset recorded: the index keeps the wall clock at UTC.
        ready("photos/Trip/no-offset.jpg", "n", seq(1), OffsetDateTime.parse("2024-06-30T22:00:00Z"));
        // Same local time as california.jpg, earlier in UTC (Berlin): the instant breaks the tie.
        ready("photos/Other/berlin.jpg", "b", seq(1), OffsetDateTime.parse("2024-06-30T23:30:00+02:00"));

        assertThat(index.queries().timeline(null, 10).items()).extracting(r -> r.key().fileName())
                .containsExactly("london.jpg", "california.jpg", "berlin.jpg", "no-offset.jpg");
        assertThat(index.queries().album("Trip", null, 10).items()).extracting(r -> r.key().fileName())
                .containsExactly("no-offset.jpg", "california.jpg", "london.jpg");
        AlbumSummary trip = index.queries().albums().stream().filter(a -> a.name().equals("Trip")).findFirst().orElseThrow();
        assertThat(trip.from()).isEqualTo(LocalDateTime.parse("2024-06-30T22:00:00"));
        assertThat(trip.to()).isEqualTo(LocalDateTime.parse("2024-07-01T03:00:00"));
    }

    /**
     * Christmas 2023 with one scan uploaded in December 2026: the scan sorts by its upload time (a guess,
     * so the API marks it), a phone file name gives its own date, and neither widens the album's range
     * nor moves the album ahead of one taken later.
     */
    @Test
    void guessedDatesSortButNeverStretchAnAlbumsRange() {
        ready("photos/Family/Christmas 2023/tree.jpg", "t", seq(1), OffsetDateTime.parse("2023-12-24T18:00:00+01:00"));
        ready("photos/Family/Christmas 2023/dinner.jpg", "d", seq(1), OffsetDateTime.parse("2023-12-25T13:00:00+01:00"));
        undated("photos/Family/Christmas 2023/scan.png", "s", Instant.parse("2026-12-05T09:00:00Z"));
        undated("photos/Family/Christmas 2023/IMG_20231226_101500.jpg", "i", Instant.parse("2026-12-05T09:00:00Z"));
        ready("photos/Summer 2024/beach.jpg", "b", seq(1), OffsetDateTime.parse("2024-07-10T12:00:00+02:00"));
        undated("photos/Scans/only a scan.png", "o", Instant.parse("2026-12-06T09:00:00Z"));

        assertThat(index.queries().album("Family/Christmas 2023", null, 10).items()).extracting(r -> r.key().fileName())
                .containsExactly("tree.jpg", "dinner.jpg", "IMG_20231226_101500.jpg", "scan.png");
        PhotoRow named = index.get(PhotoKey.of("photos/Family/Christmas 2023/IMG_20231226_101500.jpg")).orElseThrow();
        assertThat(named.date()).isEqualTo(new PhotoDate(LocalDateTime.parse("2023-12-26T10:15:00"),
                Instant.parse("2023-12-26T10:15:00Z"), PhotoDate.Source.FILE_NAME));

        List<AlbumSummary> albums = index.queries().albums();
        assertThat(albums).extracting(AlbumSummary::name).containsExactly("Summer 2024", "Family/Christmas 2023", "Scans");
        AlbumSummary christmas = albums.get(1);
        assertThat(christmas.count()).isEqualTo(4);
        assertThat(christmas.from()).isEqualTo(LocalDateTime.parse("2023-12-24T18:00:00"));
        assertThat(christmas.to()).isEqualTo(LocalDateTime.parse("2023-12-25T13:00:00"));
        // An album of guesses only has no range.
        assertThat(albums.get(2).from()).isNull();
        assertThat(albums.get(2).to()).isNull();

        // Removing the last camera-dated photo empties the range; the guesses stay listed.
        index.recordRemoval(PhotoKey.of("photos/Family/Christmas 2023/tree.jpg"), seq(2));
        index.recordRemoval(PhotoKey.of("photos/Family/Christmas 2023/dinner.jpg"), seq(2));
        christmas = index.queries().albums().stream().filter(a -> a.name().startsWith("Family")).findFirst().orElseThrow();
        assertThat(christmas.count()).isEqualTo(2);
        assertThat(christmas.from()).isNull();
    }

    /**
     * Rows written when the album entry's sort key was the UTC instant carry no {@code entrySk}: their
     * next write (a reprocess) must move the entry to the local-time key, not leave a second one.
     */
    @Test
    void aRowFromBeforeLocalSortKeysMovesItsEntryOnItsNextWrite() {
        OffsetDateTime taken = OffsetDateTime.parse("2024-06-30T23:30:00-07:00");
        ready("photos/Old/a.jpg", "a", seq(1), taken);
        PhotoRow row = index.get(PhotoKey.of("photos/Old/a.jpg")).orElseThrow();
        // Rewrite the table as the previous version left it: entry under the instant, no entrySk, no dated entry.
        String newSk = Items.entrySk(row);
        String legacySk = Items.sortable(taken.toInstant()) + "#" + row.key().value();
        var entry = new java.util.HashMap<>(dynamo.getItem(b -> b.tableName(index.table())
                .key(java.util.Map.of(PhotoTable.PK, Items.s("ALBUM#Old"), PhotoTable.SK, Items.s(newSk)))).item());
        dynamo.deleteItem(b -> b.tableName(index.table()).key(java.util.Map.of(PhotoTable.PK, Items.s("ALBUM#Old"), PhotoTable.SK, Items.s(newSk))));
        dynamo.deleteItem(b -> b.tableName(index.table()).key(java.util.Map.of(PhotoTable.PK, Items.s("DATED#Old"), PhotoTable.SK, Items.s(newSk))));
        entry.put(PhotoTable.SK, Items.s(legacySk));
        entry.put(PhotoTable.TIMELINE_SK, Items.s(legacySk));
        dynamo.putItem(b -> b.tableName(index.table()).item(entry));
        dynamo.updateItem(b -> b.tableName(index.table()).key(Items.photoKey(row.key())).updateExpression("REMOVE entrySk"));

        assertThat(index.completeRender(row.key(), "a", rendered(taken))).isEqualTo(RenderOutcome.UPDATED);

        List<PhotoRow> listed = index.queries().album("Old", null, 10).items();
        assertThat(listed).hasSize(1);
        assertThat(index.queries().timeline(null, 10).items()).hasSize(1);
        assertThat(dynamo.getItem(b -> b.tableName(index.table())
                .key(java.util.Map.of(PhotoTable.PK, Items.s("ALBUM#Old"), PhotoTable.SK, Items.s(newSk)))).hasItem()).isTrue();
        assertThat(index.queries().albums().get(0).to()).isEqualTo(LocalDateTime.parse("2024-06-30T23:30:00"));
    }

    private void undated(String key, String eTag, Instant uploadedAt) {
        Upload u = new Upload(PhotoKey.of(key), eTag, null, seq(1), 10, uploadedAt, PhotoMetadata.NONE, "default", 1);
        assertThat(index.recordUpload(u)).isEqualTo(UploadOutcome.RENDER);
        assertThat(index.completeRender(u.key(), eTag, rendered(null))).isEqualTo(RenderOutcome.UPDATED);
    }

    private void ready(String key, String eTag, String sequencer, OffsetDateTime takenAt) {
        Upload u = upload(key, eTag, sequencer, takenAt);
        assertThat(index.recordUpload(u)).isEqualTo(UploadOutcome.RENDER);
        assertThat(index.completeRender(u.key(), eTag, rendered(takenAt))).isEqualTo(RenderOutcome.UPDATED);
    }

    private static Upload upload(String key, String eTag, String sequencer, OffsetDateTime takenAt) {
        return new Upload(PhotoKey.of(key), eTag, null, sequencer, 1234, Instant.parse("2025-01-01T00:00:00Z"),
                new PhotoMetadata(4000, 3000, takenAt, "Canon", "EOS", null, null), "default", 1);
    }

    private static Rendered rendered(OffsetDateTime takenAt) {
        return new Rendered(new PhotoMetadata(4000, 3000, takenAt, null, null, null, null), "ph", "default", 1,
                List.of(new Rendition(256, 256, 192, OutputFormat.WEBP, 9000), new Rendition(640, 640, 480, OutputFormat.WEBP, 40000)));
    }

    /** Sequencers as S3 writes them: hex, longer for later events on the same key. */
    private static String seq(int n) {
        return String.format("0062E99A88DC4%03X", n);
    }
}
