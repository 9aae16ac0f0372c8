package gallery.api;

import gallery.core.PhotoMetadata;
import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import gallery.core.PhotoKey;
import gallery.core.preset.OutputFormat;
import gallery.index.AlbumSummary;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.core.Rendition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PhotoJsonTest {
    static PhotoRow row(String key, List<Rendition> renditions) {
        PhotoKey k = new PhotoKey(key);
        return new PhotoRow(k, k.album(),
                new PhotoRow.Version("\"0123456789abcdef0123456789abcdef\"", "v1", "0".repeat(32), 1234, Instant.parse("2024-06-02T08:00:00Z")),
                PhotoRow.State.ready(Instant.parse("2024-06-02T08:01:00Z")),
                new PhotoMetadata(4000, 3000, OffsetDateTime.parse("2024-06-01T12:30:00+02:00"), "Canon", "Canon EOS R6", 48.85, 2.35),
                new PhotoRow.Rendering("placeholder-hash", "default", 1, renditions), null, null, null);
    }

    private static JsonNode json(Object o) throws Exception {
        return Json.MAPPER.readTree(Json.write(o));
    }

    @Test
    void mapsAPhotoToTheDocumentedShape() throws Exception {
        PhotoRow r = row("photos/2024 Summer/beach #1.jpg", List.of(
                new Rendition(256, 256, 192, OutputFormat.WEBP, 9000),
                new Rendition(640, 640, 480, OutputFormat.WEBP, 40000)));
        JsonNode p = json(PhotoJson.photo(r, false));
        assertThat(p.get("key").asText()).isEqualTo("photos/2024 Summer/beach #1.jpg");
        assertThat(p.get("album").asText()).isEqualTo("2024 Summer");
        assertThat(p.get("status").asText()).isEqualTo("ready");
        assertThat(p.get("width").asInt()).isEqualTo(4000);
        assertThat(p.get("height").asInt()).isEqualTo(3000);
        assertThat(p.get("takenAt").asText()).isEqualTo("2024-06-01T12:30+02:00");
        assertThat(p.get("date").asText()).isEqualTo("2024-06-01T12:30:00");
        assertThat(p.get("dateSource").asText()).isEqualTo("camera");
        assertThat(p.get("camera").asText()).isEqualTo("Canon EOS R6");
        assertThat(p.get("placeholder").asText()).isEqualTo("placeholder-hash");
        assertThat(p.get("version").asText()).isEqualTo("0123456789ab");
        assertThat(p.get("renditions")).hasSize(2);
        JsonNode small = p.get("renditions").get(0);
        assertThat(small.get("size").asInt()).isEqualTo(256);
        assertThat(small.get("width").asInt()).isEqualTo(256);
        assertThat(small.get("height").asInt()).isEqualTo(192);
        assertThat(small.get("url").asText()).isEqualTo("/renditions/all/256/photos/2024%20Summer/beach%20%231.jpg.webp?v=0123456789ab");
        assertThat(p.get("original").asText()).isEqualTo("/photos/all/2024%20Summer/beach%20%231.jpg?v=0123456789ab");
        assertThat(p.get("resize").asText()).isEqualTo("/resize/all/{w}x{h}/photos/2024%20Summer/beach%20%231.jpg?v=0123456789ab");
    }

    @Test
    void everyProtectedUrlCarriesTheAlbumsAccessLabel() throws Exception {
        PhotoRow r = row("photos/Parents/a.jpg", List.of(new Rendition(256, 256, 192, gallery.core.preset.OutputFormat.WEBP, 1)));
        JsonNode p = json(PhotoJson.photo(r, false, "g-0123456789abcdef", null));
        assertThat(p.get("renditions").get(0).get("url").asText()).startsWith("/renditions/g-0123456789abcdef/256/photos/Parents/a.jpg.webp");
        assertThat(p.get("original").asText()).startsWith("/photos/g-0123456789abcdef/Parents/a.jpg");
        assertThat(p.get("resize").asText()).startsWith("/resize/g-0123456789abcdef/{w}x{h}/photos/Parents/a.jpg");
        assertThat(json(PhotoJson.shared(PhotoJson.photo(r, false, "g-0123456789abcdef", null), false)).path("original").isTextual()).isFalse();
        assertThat(json(PhotoJson.shared(PhotoJson.photo(r, false, "g-0123456789abcdef", null), true)).path("original").isTextual()).isTrue();
    }

    @Test
    void aLivePhotoIsItsStillWithItsMotionsCopyUnderTheMovsVersion() throws Exception {
        PhotoRow s = row("photos/Phone/IMG_0042.HEIC", List.of(new Rendition(256, 256, 192, OutputFormat.WEBP, 9000)));
        PhotoRow still = s.withMetadata(new PhotoMetadata(s.metadata().width(), s.metadata().height(), s.metadata().takenAt(), null, null, null, null))
                .withLive(new gallery.index.LivePhoto(null, "photos/Phone/IMG_0042.MOV"));
        PhotoKey movKey = PhotoKey.of("photos/Phone/IMG_0042.MOV");
        PhotoRow mov = new PhotoRow(movKey, "Phone", new PhotoRow.Version("fedcba9876543210fedcba9876543210", null, null, 1, null),
                PhotoRow.State.ready(null), new PhotoMetadata(1440, 1080, null, null, null, null, null),
                PhotoRow.Rendering.pending("default", 1), new gallery.index.Video(2_500, "hvc1", false, 500_000),
                new gallery.index.LivePhoto("ID-1", still.key().value()), null);

        JsonNode p = json(PhotoJson.photo(still, false, gallery.core.edge.AccessLabels.EVERYONE, mov));
        assertThat(p.get("kind").asText()).isEqualTo("photo");
        assertThat(p.get("motion").asText()).isEqualTo("/renditions/all/video/photos/Phone/IMG_0042.MOV.mp4?v=fedcba987654");
        assertThat(p.has("video")).isFalse();
        assertThat(json(PhotoJson.photo(still, false)).has("motion")).as("no ready MOV found").isFalse();
    }

    @Test
    void aVideoSaysSoWithItsDurationAndItsPlayableCopy() throws Exception {
        PhotoRow p = row("photos/Phone/IMG_0001 #2.MOV", List.of(new Rendition(256, 144, 256, OutputFormat.WEBP, 9000)));
        PhotoRow video = p.withMetadata(new PhotoMetadata(720, 1280, p.metadata().takenAt(), "Apple", "iPhone 15", null, null))
                .withVideo(new gallery.index.Video(12_345, "hvc1", false, 2_000_000));
        JsonNode v = json(PhotoJson.photo(video, false));
        assertThat(v.get("kind").asText()).isEqualTo("video");
        assertThat(v.get("duration").asDouble()).isEqualTo(12.345);
        assertThat(v.get("video").asText()).isEqualTo("/renditions/all/video/photos/Phone/IMG_0001%20%232.MOV.mp4?v=0123456789ab");
        assertThat(v.get("renditions").get(0).get("url").asText()).isEqualTo("/renditions/all/256/photos/Phone/IMG_0001%20%232.MOV.webp?v=0123456789ab");

        PhotoRow pending = p.withState(new PhotoRow.State(PhotoStatus.PENDING, null, p.state().updatedAt()))
                .withMetadata(new PhotoMetadata(720, 1280, null, null, null, null, null)).withRendering(PhotoRow.Rendering.NONE)
                .withVideo(new gallery.index.Video(12_345, "hvc1", false, 0));
        assertThat(json(PhotoJson.photo(pending, false)).has("video")).as("no copy yet").isFalse();

        JsonNode photo = json(PhotoJson.photo(p, false));
        assertThat(photo.get("kind").asText()).isEqualTo("photo");
        assertThat(photo.has("duration")).isFalse();
        assertThat(photo.has("video")).isFalse();
    }

    @Test
    void onlyRenditionsTheRowHasAreListed() throws Exception {
        JsonNode p = json(PhotoJson.photo(row("photos/a.jpg", List.of()), false));
        assertThat(p.get("renditions")).isEmpty();
    }

    @Test
    void whereAPhotoWasTakenIsHiddenUnlessConfigured() throws Exception {
        PhotoRow r = row("photos/a.jpg", List.of());
        assertThat(json(PhotoJson.photo(r, false)).has("location")).isFalse();
        JsonNode shown = json(PhotoJson.photo(r, true)).get("location");
        assertThat(shown.get("latitude").asDouble()).isEqualTo(48.85);
        assertThat(shown.get("longitude").asDouble()).isEqualTo(2.35);
    }

    @Test
    void anAlbumCarriesItsCoverAsAPhoto() throws Exception {
        AlbumSummary a = new AlbumSummary("2024 Summer", 3, row("photos/2024 Summer/a.jpg", List.of()),
                LocalDateTime.parse("2024-06-01T00:00:00"), LocalDateTime.parse("2024-06-30T18:45:00"));
        JsonNode j = json(PhotoJson.album(a, false));
        assertThat(j.get("name").asText()).isEqualTo("2024 Summer");
        assertThat(j.get("count").asLong()).isEqualTo(3);
        assertThat(j.get("cover").get("key").asText()).isEqualTo("photos/2024 Summer/a.jpg");
        assertThat(j.get("from").asText()).isEqualTo("2024-06-01T00:00:00");
        assertThat(j.get("to").asText()).isEqualTo("2024-06-30T18:45:00");
    }

    @Test
    void aPhotoWithoutACameraDateCarriesItsGuessAndSaysSo() throws Exception {
        PhotoRow dated = row("photos/a/IMG_20231224_181500.jpg", List.of());
        PhotoRow named = new PhotoRow(dated.key(), dated.album(),
                new PhotoRow.Version(dated.version().eTag(), null, dated.version().sequencer(), 1, Instant.parse("2026-12-05T08:00:00Z")),
                new PhotoRow.State(dated.status(), null, null), new PhotoMetadata(4000, 3000, null, null, null, null, null),
                PhotoRow.Rendering.pending("default", 1), null, null, null);
        JsonNode p = json(PhotoJson.photo(named, false));
        assertThat(p.has("takenAt")).isFalse();
        assertThat(p.get("date").asText()).isEqualTo("2023-12-24T18:15:00");
        assertThat(p.get("dateSource").asText()).isEqualTo("fileName");

        PhotoRow scan = new PhotoRow(PhotoKey.of("photos/a/scan 12.png"), "a", named.version(), named.state(), named.metadata(),
                named.rendering(), null, null, null);
        JsonNode s = json(PhotoJson.photo(scan, false));
        assertThat(s.get("date").asText()).isEqualTo("2026-12-05T08:00:00");
        assertThat(s.get("dateSource").asText()).isEqualTo("upload");
    }

    @Test
    void cameraNamesDoNotRepeatTheMake() {
        assertThat(PhotoJson.camera("Canon", "Canon EOS R6")).isEqualTo("Canon EOS R6");
        assertThat(PhotoJson.camera("Apple", "iPhone 15")).isEqualTo("Apple iPhone 15");
        assertThat(PhotoJson.camera(null, "iPhone 15")).isEqualTo("iPhone 15");
        assertThat(PhotoJson.camera("  ", null)).isNull();
    }
}
