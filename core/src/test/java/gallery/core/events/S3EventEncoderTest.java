package gallery.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encoder is the decoder's inverse: what the local stack and the admin tool send, ingest reads back. */
class S3EventEncoderTest {
    private static final S3EventEncoder.Origin LOCAL = new S3EventEncoder.Origin("eu-west-1", "gallery-ingest", "OWNER", "127.0.0.1");
    /** The admin tool knows neither the bucket owner nor a source address. */
    private static final S3EventEncoder.Origin ADMIN = new S3EventEncoder.Origin("us-east-1", "gallery-admin-reprocess", null, null);
    private static final Instant AT = Instant.parse("2024-06-01T10:00:00.5Z");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "photos/a b.jpg              | photos/a+b.jpg",
            "photos/1+1.jpg              | photos/1%2B1.jpg",
            "photos/100%.jpg             | photos/100%25.jpg",
            "photos/é/ü.jpg              | photos/%C3%A9/%C3%BC.jpg",
            "photos/a/b/c.jpg            | photos/a/b/c.jpg",
            "photos/x=y&z.jpg            | photos/x%3Dy%26z.jpg"})
    void encodesKeysAsS3Does(String key, String encoded) {
        assertThat(S3EventEncoder.encodeKey(key)).isEqualTo(encoded);
        assertThat(S3EventDecoder.decodeKey(encoded)).isEqualTo(key);
    }

    @Test
    void aCreatedEventRoundTrips() throws Exception {
        ObjectEvent.Created created = new ObjectEvent.Created("originals", "photos/Ferien 2024/+1 %.jpg", 1234, "abc123",
                "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", "00000000000000000A", "AWS:AIDLMEMBERKEY");

        String json = S3EventEncoder.encode(LOCAL, "ObjectCreated:CompleteMultipartUpload", AT, created, created.principalId());

        assertThat(S3EventDecoder.decode(json)).containsExactly(created);
        JsonNode r = Json.MAPPER.readTree(json).path("Records").get(0);
        assertThat(r.path("eventTime").asText()).isEqualTo("2024-06-01T10:00:00.500Z");
        assertThat(r.path("awsRegion").asText()).isEqualTo("eu-west-1");
        assertThat(r.path("eventName").asText()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        assertThat(r.at("/s3/bucket/ownerIdentity/principalId").asText()).isEqualTo("OWNER");
        assertThat(r.at("/s3/bucket/arn").asText()).isEqualTo("arn:aws:s3:::originals");
    }

    @Test
    void aQuotedETagFromAHeadIsWrittenAsS3WritesItInEvents() {
        String json = S3EventEncoder.encode(LOCAL, "ObjectCreated:Put", AT,
                new ObjectEvent.Created("originals", "photos/a.jpg", 1, "\"abc\"", null, "0A"), null);

        assertThat(S3EventDecoder.decode(json)).containsExactly(new ObjectEvent.Created("originals", "photos/a.jpg", 1, "abc", null, "0A"));
    }

    @Test
    void aRemovalRoundTripsWithoutSizeOrETag() {
        ObjectEvent.Removed removed = new ObjectEvent.Removed("originals", "photos/a b.jpg", "v1", "0B");

        String json = S3EventEncoder.encode(LOCAL, "ObjectRemoved:DeleteMarkerCreated", Instant.EPOCH, removed, "AWS:OWNER");

        assertThat(S3EventDecoder.decode(json)).containsExactly(removed);
        assertThat(json).doesNotContain("\"size\"").doesNotContain("eTag");
    }

    @Test
    void aSyntheticEventWithoutSequencerOrOwnerRoundTrips() {
        // The admin tool's replacement for a lost event: no sequencer (the lowest), no version (the latest).
        ObjectEvent.Created lost = new ObjectEvent.Created("originals", "photos/Summer/a.jpg", 42, null, null, null, "gallery-admin-reprocess");

        String json = S3EventEncoder.encode(ADMIN, "ObjectCreated:Put", AT, lost, lost.principalId());

        assertThat(S3EventDecoder.decode(json)).containsExactly(lost);
        assertThat(json).doesNotContain("sequencer").doesNotContain("ownerIdentity").doesNotContain("sourceIPAddress");
    }

    @Test
    void aTestEventIsNoObjectRecord() {
        assertThatThrownBy(() -> S3EventEncoder.encode(LOCAL, "s3:TestEvent", AT, new ObjectEvent.Test("originals"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
