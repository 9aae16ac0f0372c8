package gallery.imaging;

import gallery.testing.SampleImages;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataReaderTest {
    static byte[] tagged() {
        return SampleImages.withSegments(SampleImages.jpeg(SampleImages.storedFor(SampleImages.quadrants(400, 200), 6), 0.9f),
                new SampleImages.Exif(6, "Apple", "iPhone 15 Pro", "2025:01:02 03:04:05", "-05:00", -33.8568, 151.2153).app1());
    }

    @Test
    void readsDateOffsetCameraGpsAndRotatedSize() {
        FileMetadata md = MetadataReader.read(tagged());
        assertThat(md.orientation()).isEqualTo(6);
        assertThat(md.width()).isEqualTo(400); // stored 200x400, displayed after rotation
        assertThat(md.height()).isEqualTo(200);
        assertThat(md.takenAt()).isEqualTo(LocalDateTime.of(2025, 1, 2, 3, 4, 5));
        assertThat(md.takenOffset()).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(md.camera()).contains("Apple iPhone 15 Pro");
        assertThat(md.latitude()).isCloseTo(-33.8568, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(md.longitude()).isCloseTo(151.2153, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void readsAPrefixCutInsideALaterSegment() {
        byte[] comment = new byte[30_000];
        Arrays.fill(comment, (byte) 'x');
        byte[] jpeg = SampleImages.withSegments(SampleImages.jpeg(SampleImages.quadrants(64, 64), 0.9f),
                new SampleImages.Exif(1, "SONY", "ILCE-7M4", "2023:05:06 07:08:09", null, null, null).app1(),
                SampleImages.segment(0xFE, comment));
        FileMetadata md = MetadataReader.read(Arrays.copyOf(jpeg, 10_000));
        assertThat(md.cameraModel()).isEqualTo("ILCE-7M4");
        assertThat(md.takenAt()).isEqualTo(LocalDateTime.of(2023, 5, 6, 7, 8, 9));
        assertThat(md.takenOffset()).isNull();
    }

    @Test
    void readsARealPhotoFromItsFirstBytes() throws Exception {
        byte[] photo = Files.readAllBytes(RendererTest.A6000);
        FileMetadata md = MetadataReader.read(Arrays.copyOf(photo, 256 * 1024));
        assertThat(md.cameraMake()).isEqualTo("SONY");
        assertThat(md.cameraModel()).isEqualTo("ILCE-6000");
        assertThat(md.width()).isEqualTo(6000);
        assertThat(md.height()).isEqualTo(4000);
        assertThat(md.takenAt()).isEqualTo(LocalDateTime.of(2014, 4, 18, 20, 33, 53));
    }

    @Test
    void nothingToReadIsEmptyNotAnError() {
        assertThat(MetadataReader.read(new byte[]{1, 2, 3})).isEqualTo(FileMetadata.EMPTY);
        assertThat(MetadataReader.read(new byte[0])).isEqualTo(FileMetadata.EMPTY);
    }
}
