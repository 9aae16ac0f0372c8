package gallery.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class PhotoDateTest {
    @Test
    void theCameraDateIsTheLocalTimeItWroteAndItsInstant() {
        PhotoDate d = PhotoDate.of(OffsetDateTime.parse("2024-06-30T23:30:00-07:00"), "IMG_20200101_000000.jpg", Instant.EPOCH);
        assertThat(d.local()).isEqualTo(LocalDateTime.parse("2024-06-30T23:30:00"));
        assertThat(d.instant()).isEqualTo(Instant.parse("2024-07-01T06:30:00Z"));
        assertThat(d.source()).isEqualTo(PhotoDate.Source.CAMERA);
        assertThat(d.guessed()).isFalse();
    }

    @Test
    void sortKeysOrderByLocalTimeThenInstant() {
        String london = PhotoDate.of(OffsetDateTime.parse("2024-07-01T03:00:00Z"), null, null).sortKey();
        String california = PhotoDate.of(OffsetDateTime.parse("2024-06-30T23:30:00-07:00"), null, null).sortKey();
        String berlin = PhotoDate.of(OffsetDateTime.parse("2024-06-30T23:30:00+02:00"), null, null).sortKey();
        assertThat(california).isEqualTo("2024-06-30T23:30:00.000#2024-07-01T06:30:00.000Z");
        assertThat(berlin).isLessThan(california);
        assertThat(california).isLessThan(london);
    }

    @ParameterizedTest
    @CsvSource({
            "IMG_20240630_123456.jpg, 2024-06-30T12:34:56",
            "PXL_20240630_123456789.jpg, 2024-06-30T12:34:56",
            "PXL_20240630_123456789.PORTRAIT.jpg, 2024-06-30T12:34:56",
            "20240630_123456.heic, 2024-06-30T12:34:56",
            "VID_20231224_235959.mp4, 2023-12-24T23:59:59",
            "IMG-20240630-WA0001.jpeg, 2024-06-30T12:00:00",
            "2024-06-30 12.34.56.jpg, 2024-06-30T12:34:56",
            "Screenshot_20240630-081500.png, 2024-06-30T08:15:00",
            "scan 1999-12-31.png, 1999-12-31T12:00:00",
            // An impossible date first, a real one after.
            "20241399 IMG_20240102_030405.jpg, 2024-01-02T03:04:05",
    })
    void fileNamesWithADateGiveIt(String name, String expected) {
        assertThat(PhotoDate.fromFileName(name)).contains(LocalDateTime.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DSC01234.JPG", "IMG_1234.HEIC", "scan 12.png", "120240630.jpg", "20241301_101010.jpg",
            "photo 2024.jpg", "P1020304.JPG", ""})
    void fileNamesWithoutOneGiveNothing(String name) {
        assertThat(PhotoDate.fromFileName(name)).isEmpty();
    }

    @Test
    void anUndatedPhotoTakesItsFileNameThenItsUploadTime() {
        PhotoDate named = PhotoDate.of(null, "IMG_20240630_123456.jpg", Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(named.source()).isEqualTo(PhotoDate.Source.FILE_NAME);
        assertThat(named.local()).isEqualTo(LocalDateTime.parse("2024-06-30T12:34:56"));
        assertThat(named.guessed()).isTrue();

        PhotoDate uploaded = PhotoDate.of(null, "scan.png", Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(uploaded.source()).isEqualTo(PhotoDate.Source.UPLOAD);
        assertThat(uploaded.local()).isEqualTo(LocalDateTime.parse("2026-12-05T10:00:00"));
        assertThat(uploaded.instant()).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));

        assertThat(PhotoDate.of(null, "scan.png", null).instant()).isEqualTo(Instant.EPOCH);
    }
}
