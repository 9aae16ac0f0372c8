package gallery.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.bench.load.Screens.Device;
import gallery.bench.load.Screens.Photo;
import gallery.bench.load.Screens.Rendition;
import gallery.core.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScreensTest {
    static final Device DESKTOP = new Device("desktop", 1920, 1080, 1);
    static final Device PHONE = new Device("phone", 390, 844, 3);
    static final Device WINDOW = new Device("window", 1100, 700, 1.25);

    /** A 2560 × 1600 photo with the default preset's renditions up to its own size. */
    static Photo landscape(String key, String resize) {
        List<Rendition> rs = new ArrayList<>();
        for (int size : new int[]{256, 640, 1280, 1920, 2560}) {
            rs.add(new Rendition(size, size, size * 10 / 16, "/renditions/" + size + "/" + key + ".webp?v=1"));
        }
        return new Photo(key, 2560, 1600, rs, resize);
    }

    static List<Photo> album(int n) {
        List<Photo> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(landscape("photos/a/" + i + ".jpg", "/resize/{w}x{h}/photos/a/" + i + ".jpg?v=1"));
        return out;
    }

    @Test
    void aScreenIsJustifiedRowsUntilTheViewportHeightIsFilled() {
        // desktop rows aim at 230 px: five 1.6:1 tiles fill 1920 px at 238 px, closer to 230 than six at 198;
        // rows start at 0, 242, 484, 726 and 968, and the sixth would start below 1080
        Screens.Screen s = Screens.screen(album(100), 10, DESKTOP);

        assertThat(s.tiles()).hasSize(25);
        assertThat(s.next()).isEqualTo(35);
        assertThat(s.tiles().getFirst().photo().key()).isEqualTo("photos/a/10.jpg");
        assertThat(s.tiles().subList(0, 5)).extracting(Screens.Tile::cssWidth).containsExactly(381.0, 381.0, 381.0, 381.0, 380.0);
    }

    @Test
    void thePhoneShowsTwoTilesPerRowAtThreeDevicePixelsEach() {
        Screens.Screen s = Screens.screen(album(100), 0, PHONE);

        double tile = s.tiles().getFirst().cssWidth();
        assertThat(tile).isEqualTo(193); // two 1.6:1 tiles at 120.6 px, closest to the phone's 120
        // 193 × 3 = 579 device pixels: the 256 rendition is too small, the 640 one is the pick
        assertThat(Screens.thumbnail(s.tiles().getFirst(), PHONE)).hasValueSatisfying(r -> assertThat(r.size()).isEqualTo(640));
    }

    @Test
    void theAlbumsLastRowKeepsTheRowHeightAndTheScreenEndsWithTheAlbum() {
        Screens.Screen s = Screens.screen(album(2), 0, DESKTOP);

        assertThat(s.tiles()).extracting(Screens.Tile::cssWidth).containsOnly(1.6 * 230);
        assertThat(s.next()).isEqualTo(2);
        assertThat(Screens.screen(album(2), 2, DESKTOP).tiles()).isEmpty();
    }

    /** The web's own answers (web/test/viewer-cases.json, checked against web/src by the web's unit tests). */
    static final JsonNode CASES = readCases();

    static JsonNode readCases() {
        try {
            return Json.MAPPER.readTree(Files.readString(Path.of("../web/test/viewer-cases.json")));
        } catch (Exception e) {
            throw new IllegalStateException("web/test/viewer-cases.json: " + e.getMessage(), e);
        }
    }

    @Test
    void theConstantsAreTheWebs() {
        JsonNode c = CASES.path("constants");
        assertThat(Screens.GAP).isEqualTo(c.path("GAP").asInt());
        assertThat(Screens.PRESET_SLACK).isEqualTo(c.path("PRESET_SLACK").asDouble());
        assertThat(Screens.HIGH_DPR_UNDERSHOOT).isEqualTo(c.path("HIGH_DPR_UNDERSHOOT").asDouble());
    }

    @Test
    void eachViewportHasTheWebsRowHeight() {
        for (JsonNode c : CASES.path("rowHeights")) {
            assertThat(new Device("d", c.path("viewportWidth").asInt(), 800, 1).rowHeight()).as(c.toString()).isEqualTo(c.path("rowHeight").asInt());
        }
    }

    @Test
    void openingAPhotoChoosesWhatTheWebChooses() {
        assertThat(CASES.path("choices")).isNotEmpty();
        for (JsonNode c : CASES.path("choices")) {
            Photo p = Photo.of(CASES.path("photos").path(c.path("photo").asText()));
            JsonNode box = c.path("box");
            Optional<Screens.Choice> got = Screens.open(p, new Device("d", box.path("width").asInt(), box.path("height").asInt(), box.path("dpr").asDouble()));
            JsonNode want = c.path("expect");
            assertThat(got).as(c.toString()).contains(new Screens.Choice(want.path("url").asText(), want.path("kind").asText().equals("resize")));
        }
    }

    @Test
    void rowsAreJustifiedAsTheWebJustifiesThem() {
        assertThat(CASES.path("layouts")).isNotEmpty();
        for (JsonNode c : CASES.path("layouts")) {
            List<Double> aspects = new ArrayList<>();
            for (JsonNode a : c.path("aspects")) aspects.add(a.asDouble());
            List<Screens.Row> rows = Screens.justify(aspects, c.path("width").asDouble(), c.path("targetHeight").asDouble(), c.path("gap").asDouble());
            JsonNode want = c.path("expect");
            assertThat(rows).as(c.toString()).hasSize(want.size());
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).top()).as(c + " row " + i).isEqualTo(want.get(i).path("top").asDouble());
                assertThat(rows.get(i).height()).as(c + " row " + i).isEqualTo(want.get(i).path("height").asDouble());
                List<Double> widths = new ArrayList<>();
                for (JsonNode w : want.get(i).path("widths")) widths.add(w.asDouble());
                assertThat(rows.get(i).widths()).as(c + " row " + i).usingElementComparator((x, y) -> Math.abs(x - y) < 0.001 ? 0 : Double.compare(x, y))
                        .containsExactlyElementsOf(widths);
            }
        }
    }

    @Test
    void aTileWiderThanEveryRenditionGetsTheLargest() {
        Photo small = new Photo("photos/a/s.jpg", 300, 100, List.of(new Rendition(256, 256, 85, "/r/256"), new Rendition(640, 300, 100, "/r/640")), null);

        assertThat(Screens.thumbnail(new Screens.Tile(small, 690), DESKTOP)).hasValueSatisfying(r -> assertThat(r.url()).isEqualTo("/r/640"));
        assertThat(Screens.thumbnail(new Screens.Tile(new Photo("k", 1, 1, List.of(), null), 10), DESKTOP)).isEmpty();
    }

    @Test
    void openingAPhotoTakesThePresetThatFitsWithinTheSlackElseTheResizerAtTheExactSize() {
        Photo p = landscape("photos/a/x.jpg", "/resize/{w}x{h}/photos/a/x.jpg?v=1");

        // 1920 × 1080 shows 1728 × 1080 device pixels: the 1920 rendition is within the slack
        assertThat(Screens.open(p, DESKTOP)).contains(new Screens.Choice("/renditions/1920/photos/a/x.jpg.webp?v=1", false));
        // 1100 × 700 at 1.25 shows 1375 × 859: 1920 is 1.4×, within the slack of 1.5, so no render to wait for
        assertThat(Screens.open(p, WINDOW)).contains(new Screens.Choice("/renditions/1920/photos/a/x.jpg.webp?v=1", false));
        // 660 × 500 at 1.25 shows 825 × 516: 640 is short and 1280 is 1.55×, so the resizer is asked for exactly that
        assertThat(Screens.open(p, new Device("small window", 660, 500, 1.25))).contains(new Screens.Choice("/resize/825x516/photos/a/x.jpg?v=1", true));
        // 1440 × 900 at 2 shows 2560 × 1600 of a 2560 px photo: the photo's own size, which its 2560 rendition is
        assertThat(Screens.open(p, new Device("laptop", 1440, 900, 2))).contains(new Screens.Choice("/renditions/2560/photos/a/x.jpg.webp?v=1", false));
        // 1200 × 750 at 2 shows 2400 × 1500: the 1920 rendition is 80%, short even on a 2x screen; the 2560 one is in the slack
        assertThat(Screens.open(p, new Device("small laptop", 1200, 750, 2))).contains(new Screens.Choice("/renditions/2560/photos/a/x.jpg.webp?v=1", false));
        // 1000 × 640 at 2 shows 2000 × 1250: the 1920 rendition is 96%, enough on a 2x screen
        assertThat(Screens.open(p, new Device("tablet", 1000, 640, 2))).contains(new Screens.Choice("/renditions/1920/photos/a/x.jpg.webp?v=1", false));
        // without a resize template the covering rendition is still better than nothing
        assertThat(Screens.open(landscape("k", null), WINDOW)).hasValueSatisfying(c -> assertThat(c.url()).contains("/1920/"));
    }

    @Test
    void aPhotoSmallerThanTheScreenIsShownAtItsOwnSize() {
        Photo p = new Photo("k", 200, 100, List.of(new Rendition(256, 200, 100, "/r/256")), "/resize/{w}x{h}/k");

        assertThat(Screens.open(p, DESKTOP)).contains(new Screens.Choice("/r/256", false));
    }

    @Test
    void aPhotoIsReadFromTheApiJsonWithItsRenditionsNarrowestFirst() throws Exception {
        String json = """
                {"key":"photos/a/1.jpg","album":"a","width":4000,"height":3000,"resize":"/resize/{w}x{h}/photos/a/1.jpg?v=9",
                 "renditions":[{"size":640,"width":640,"height":480,"url":"/renditions/640/photos/a/1.jpg.webp?v=9"},
                               {"size":256,"width":256,"height":192,"url":"/renditions/256/photos/a/1.jpg.webp?v=9"}]}""";

        Photo p = Photo.of(Json.MAPPER.readTree(json));

        assertThat(p.key()).isEqualTo("photos/a/1.jpg");
        assertThat(p.aspect()).isCloseTo(4.0 / 3, within(1e-9));
        assertThat(p.renditions()).extracting(Rendition::size).containsExactly(256, 640);
        assertThat(p.resize()).isEqualTo("/resize/{w}x{h}/photos/a/1.jpg?v=9");
        assertThat(Photo.of(Json.MAPPER.readTree("{\"key\":\"k\",\"width\":1,\"height\":1}")).resize()).isNull();
    }

    @Test
    void everyDeviceHasARowHeightFromTheWebLayout() {
        assertThat(Screens.DEVICES).extracting(Device::rowHeight).containsExactly(230, 230, 120, 170, 230);
    }
}
