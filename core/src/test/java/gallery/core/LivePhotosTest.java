package gallery.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LivePhotosTest {
    @Test
    void aStillAndAMovieWithTheSameBaseNameInTheSameFolderPair() {
        PhotoKey heic = PhotoKey.of("photos/Trip/IMG_0042.HEIC");
        PhotoKey mov = PhotoKey.of("photos/Trip/IMG_0042.MOV");
        assertThat(LivePhotos.isStill(heic)).isTrue();
        assertThat(LivePhotos.isMotion(mov)).isTrue();
        assertThat(LivePhotos.motionsOf(heic)).containsExactly(mov, PhotoKey.of("photos/Trip/IMG_0042.mov"));
        assertThat(LivePhotos.stillsOf(mov)).contains(heic, PhotoKey.of("photos/Trip/IMG_0042.jpg"), PhotoKey.of("photos/Trip/IMG_0042.JPEG"))
                .hasSize(8).allSatisfy(k -> assertThat(k.album()).isEqualTo("Trip"));
    }

    @Test
    void otherKindsOfFileHaveNoPartner() {
        assertThat(LivePhotos.motionsOf(PhotoKey.of("photos/a/IMG_1.png"))).isEmpty();
        assertThat(LivePhotos.stillsOf(PhotoKey.of("photos/a/VID_1.mp4"))).isEmpty();
        assertThat(LivePhotos.stillsOf(PhotoKey.of("photos/a/IMG_1.heic"))).isEmpty();
        assertThat(LivePhotos.motionsOf(PhotoKey.of("photos/a/noextension"))).isEmpty();
    }

    @Test
    void contentIdentifiersDecideOnlyWhenBothAreKnown() {
        assertThat(LivePhotos.sameCapture(null, "A1B2")).isTrue();
        assertThat(LivePhotos.sameCapture("A1B2", null)).isTrue();
        assertThat(LivePhotos.sameCapture("a1b2", "A1B2")).isTrue();
        assertThat(LivePhotos.sameCapture("A1B2", "C3D4")).isFalse();
    }
}
