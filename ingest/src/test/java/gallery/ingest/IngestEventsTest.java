package gallery.ingest;

import gallery.core.PhotoKey;
import gallery.core.events.ObjectEvent;
import gallery.core.events.S3EventDecoder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What ingest sees of S3's notifications, from verbatim event JSON (src/test/resources/events/s3). */
class IngestEventsTest {
    @Test
    void putWithEncodedKeyDecodesOnceToThePhotoKey() {
        List<ObjectEvent> events = S3EventDecoder.decode(fixture("put-encoded-key.json"));
        assertThat(events).containsExactly(new ObjectEvent.Created("family-originals",
                "photos/Summer 2024/Beach + Sun 100% über 海.jpg", 4718592, "d41d8cd98f00b204e9800998ecf8427e",
                "096fKKXTRTtl3on89fVO.nfljtsv6qko", "0055AED6DCD90281E5",
                // The signer, as S3 names an IAM user: who added it, when it is a member's backup key.
                "AWS:AIDAJDPLRKLG7UEXAMPLE"));
        PhotoKey key = events.get(0).photoKey().orElseThrow();
        assertThat(key.album()).isEqualTo("Summer 2024");
        assertThat(key.fileName()).isEqualTo("Beach + Sun 100% über 海.jpg");
    }

    @Test
    void multipartUploadInDeepFolderIsACreate() {
        ObjectEvent e = S3EventDecoder.decode(fixture("multipart-deep-folder.json")).get(0);
        assertThat(e).isInstanceOf(ObjectEvent.Created.class);
        assertThat(e.photoKey().orElseThrow().album()).isEqualTo("2023/12/Christmas");
        assertThat(((ObjectEvent.Created) e).versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY");
    }

    @Test
    void deleteMarkerIsARemovalOfTheSameKey() {
        ObjectEvent e = S3EventDecoder.decode(fixture("delete-marker.json")).get(0);
        assertThat(e).isEqualTo(new ObjectEvent.Removed("family-originals",
                "photos/Summer 2024/Beach + Sun 100% über 海.jpg", "zF8PD1cYqbZ2k.TKrvIjkh1HbWkP2fuv", "0055AED6DCD90281F0"));
    }

    @Test
    void keysOutsidePhotosAreNotPhotos() {
        ObjectEvent e = S3EventDecoder.decode(fixture("delete-outside-photos.json")).get(0);
        assertThat(e.photoKey()).isEqualTo(Optional.empty());
    }

    @Test
    void testEventIsRecognised() {
        assertThat(S3EventDecoder.decode(fixture("test-event.json"))).containsExactly(new ObjectEvent.Test("family-originals"));
    }

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

    static String fixture(String name) {
        try (InputStream in = IngestEventsTest.class.getResourceAsStream("/events/s3/" + name)) {
            if (in == null) throw new IllegalStateException("missing fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
