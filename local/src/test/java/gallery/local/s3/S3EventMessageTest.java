package gallery.local.s3;

import gallery.core.events.ObjectEvent;
import gallery.core.events.S3EventDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class S3EventMessageTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "photos/a b.jpg              | photos/a+b.jpg",
            "photos/1+1.jpg              | photos/1%2B1.jpg",
            "photos/100%.jpg             | photos/100%25.jpg",
            "photos/é/ü.jpg              | photos/%C3%A9/%C3%BC.jpg",
            "photos/a/b/c.jpg            | photos/a/b/c.jpg",
            "photos/x=y&z.jpg            | photos/x%3Dy%26z.jpg"})
    void encodesKeysAsS3Does(String key, String encoded) {
        assertThat(S3EventMessage.encodeKey(key)).isEqualTo(encoded);
        assertThat(S3EventDecoder.decodeKey(encoded)).isEqualTo(key);
    }

    @Test
    void aCreatedMessageDecodesToTheObject() {
        String json = S3EventMessage.created("eu-west-1", "ObjectCreated:Put", "originals", "photos/Ferien 2024/+1 %.jpg",
                1234, "\"abc123\"", "00000000000000000A", Instant.parse("2024-06-01T10:00:00.5Z"), "AWS:AIDLMEMBERKEY");

        assertThat(S3EventDecoder.decode(json)).containsExactly(
                new ObjectEvent.Created("originals", "photos/Ferien 2024/+1 %.jpg", 1234, "abc123", null, "00000000000000000A",
                        "AWS:AIDLMEMBERKEY"));
        assertThat(json).contains("\"eventTime\":\"2024-06-01T10:00:00.500Z\"").contains("\"awsRegion\":\"eu-west-1\"");
    }

    @Test
    void aRemovedMessageHasNoSizeOrETag() {
        String json = S3EventMessage.removed("us-east-1", "originals", "photos/a.jpg", "0B", Instant.EPOCH);

        assertThat(S3EventDecoder.decode(json)).containsExactly(new ObjectEvent.Removed("originals", "photos/a.jpg", null, "0B"));
        assertThat(json).doesNotContain("\"size\"").doesNotContain("eTag").contains("ObjectRemoved:Delete");
    }

    @Test
    void sequencersKeepIncreasingAtTheSameFixedWidth() {
        SequencerClock clock = new SequencerClock();
        String previous = clock.next();
        for (int i = 0; i < 10_000; i++) {
            String next = clock.next();
            assertThat(next).hasSize(18).isGreaterThan(previous);
            previous = next;
        }
    }
}
