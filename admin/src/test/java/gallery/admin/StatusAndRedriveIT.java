package gallery.admin;

import gallery.core.PhotoKey;
import gallery.core.deploy.Lane;
import gallery.index.PhotoStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StatusAndRedriveIT {
    static final Path NATURE = Path.of("/usr/share/backgrounds/mate/nature");

    @TempDir
    Path data;

    @Test
    void statusReportsWhatIsThereAndRedriveMovesDeadLettersBack() {
        // Ingest only: render jobs wait on the render lane, where this test dead-letters one.
        try (LocalGallery g = LocalGallery.start(data, Set.of(Lane.INGEST), java.util.Map.of(), b -> b.maxReceiveCount(1))) {
            PhotoKey good = new PhotoKey("photos/Trip/Wood.jpg");
            PhotoKey bad = new PhotoKey("photos/Trip/notes.jpg");
            g.s3.putObject(b -> b.bucket(g.d.originalsBucket()).key(good.value()), RequestBody.fromFile(NATURE.resolve("Wood.jpg")));
            g.s3.putObject(b -> b.bucket(g.d.originalsBucket()).key(bad.value()), RequestBody.fromString("these are my holiday notes, not a photo"));
            g.await(good, r -> r.status() == PhotoStatus.PENDING, Duration.ofSeconds(60));
            g.await(bad, r -> r.status() == PhotoStatus.FAILED, Duration.ofSeconds(60));

            // Received and not deleted more often than maxReceiveCount: SQS moves it to the DLQ.
            for (int i = 0; i < 20 && Queues.depth(g.sqs, g.d.queues().renderDlq()).total() == 0; i++) {
                g.sqs.receiveMessage(r -> r.queueUrl(g.d.queues().render()).visibilityTimeout(0).waitTimeSeconds(1));
            }
            assertThat(Queues.depth(g.sqs, g.d.queues().renderDlq()).visible()).isEqualTo(1);

            LocalGallery.Run status = g.admin("status");
            System.out.println(status);
            assertThat(status.exit()).isEqualTo(1);
            assertThat(status.out()).containsPattern("render\\s+0\\s+0\\s+0\\s+1")
                    .containsPattern("ingest\\s+0\\s+0\\s+0\\s+0")
                    .contains("photos: 2 originals")
                    .containsPattern("ready\\s+0").containsPattern("failed\\s+1").containsPattern("other\\s+1")
                    .contains(bad.value()).contains("not an allowed image type")
                    .contains("1 message is dead-lettered");

            LocalGallery.Run redrive = g.admin("dlq", "redrive");
            System.out.println(redrive);
            assertThat(redrive.exit()).isZero();
            assertThat(redrive.out()).contains("render    1 dead-lettered, 1 moved back to render, 0 failed")
                    .contains("ingest    0 dead-lettered, 0 moved back to ingest, 0 failed");
            assertThat(Queues.depth(g.sqs, g.d.queues().renderDlq()).total()).isZero();
            var moved = g.sqs.receiveMessage(r -> r.queueUrl(g.d.queues().render()).waitTimeSeconds(2)).messages();
            assertThat(moved).hasSize(1);
            assertThat(moved.get(0).body()).contains(good.value());

            LocalGallery.Run none = g.admin("dlq", "redrive", "--lane", "render");
            assertThat(none.out()).contains("render    0 dead-lettered, 0 moved back");
            LocalGallery.Run badLane = g.admin("dlq", "redrive", "--lane", "photos");
            assertThat(badLane.exit()).isEqualTo(2);
        }
    }
}
