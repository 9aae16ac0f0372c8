package gallery.ingest;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** What ingest reads of an object beside its event (the decoder's own tests are core's S3EventDecoderTest). */
class IngestEventsTest {
    @Test
    void totalSizeComesFromContentRange() {
        assertThat(Ingest.totalSize(GetObjectResponse.builder().contentRange("bytes 0-262143/4718592").build())).isEqualTo(4718592);
        assertThat(Ingest.totalSize(GetObjectResponse.builder().contentRange("bytes 0-99/*").build())).isEqualTo(-1);
        assertThat(Ingest.totalSize(GetObjectResponse.builder().build())).isEqualTo(-1);
    }

    @Test
    void dateTakenKeepsTheCameraOffsetOrIsReadAsUtc() {
        var withOffset = new gallery.imaging.FileMetadata(4000, 3000, 6, LocalDateTime.parse("2016-03-05T14:22:01"),
                ZoneOffset.ofHours(1), "SONY", "DSC-RX100M4", 48.85, 2.29);
        assertThat(withOffset.stored().takenAt()).isEqualTo(OffsetDateTime.parse("2016-03-05T14:22:01+01:00"));
        assertThat(withOffset.stored().width()).isEqualTo(4000);
        var noOffset = new gallery.imaging.FileMetadata(null, null, 1, LocalDateTime.parse("2016-03-05T14:22:01"),
                null, null, null, null, null);
        assertThat(noOffset.stored().takenAt()).isEqualTo(OffsetDateTime.parse("2016-03-05T14:22:01Z"));
    }

    @Test
    void quotedETagsFromS3HeadersMatchEventETags() {
        assertThat(Ingest.unquote("\"d41d8cd98f00b204e9800998ecf8427e\"")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(Ingest.unquote("d41d8")).isEqualTo("d41d8");
    }
}
