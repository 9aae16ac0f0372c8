package gallery.core.events;

import gallery.core.PhotoKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** S3's notifications as ingest receives them, from verbatim event JSON (src/test/resources/events/s3). */
class S3EventDecoderTest {
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
    void aBodyThatIsNoS3EventSaysWhatItIs() {
        assertThatThrownBy(() -> S3EventDecoder.decode("not json")).hasMessageStartingWith("message body is not JSON");
        assertThatThrownBy(() -> S3EventDecoder.decode("{\"photo\":1}")).hasMessageStartingWith("message body has no Records array");
    }

    static String fixture(String name) {
        try (InputStream in = S3EventDecoderTest.class.getResourceAsStream("/events/s3/" + name)) {
            if (in == null) throw new IllegalStateException("missing fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
