package gallery.admin;

import gallery.core.PhotoKey;
import gallery.core.deploy.Lane;
import gallery.core.deploy.Deployment;
import gallery.index.PhotoStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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

    /**
     * The AWS stack's lanes share one dead-letter queue (one alarm metric instead of four): status counts its
     * messages by the lane SQS moved them from, and redrive sends each back there, only for the lanes asked.
     */
    @Test
    void aDeadLetterQueueSharedByTheLanesIsCountedAndRedrivenByTheLaneEachMessageCameFrom() throws Exception {
        try (LocalGallery g = LocalGallery.start(data, Set.of())) {
            String dead = g.sqs.createQueue(c -> c.queueName("shared-dead")).queueUrl();
            String deadArn = g.sqs.getQueueAttributes(a -> a.queueUrl(dead).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            java.util.Map<String, String> lanes = new java.util.LinkedHashMap<>();
            for (String lane : java.util.List.of("ingest", "render", "reprocess", "video")) {
                lanes.put(lane, g.sqs.createQueue(c -> c.queueName("shared-" + lane).attributes(java.util.Map.of(QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + deadArn + "\",\"maxReceiveCount\":1}"))).queueUrl());
            }
            for (String[] m : new String[][]{{"render", "render job a"}, {"ingest", "ingest event b"}, {"render", "render job c"}}) {
                g.sqs.sendMessage(b -> b.queueUrl(lanes.get(m[0])).messageBody(m[1]));
            }
            for (int i = 0; i < 30 && Queues.depth(g.sqs, dead).total() < 3; i++) {
                for (String url : lanes.values()) g.sqs.receiveMessage(r -> r.queueUrl(url).visibilityTimeout(0).maxNumberOfMessages(10));
            }
            assertThat(Queues.depth(g.sqs, dead).visible()).isEqualTo(3);
            Deployment shared = new Deployment(g.d.region(), g.d.accessKeyId(), g.d.secretAccessKey(), g.d.endpoints(),
                    g.d.originalsBucket(), g.d.derivedBucket(), g.d.webBucket(), g.d.photoTable(),
                    new Deployment.Queues(lanes.get("ingest"), dead, lanes.get("render"), dead, lanes.get("reprocess"), dead, lanes.get("video"), dead),
                    g.d.userPoolId(), g.d.userPoolClientId());
            Path file = data.resolve("shared.json");
            shared.write(file);

            LocalGallery.Run status = LocalGallery.Main0.run("status", "--deployment", file.toString());
            System.out.println(status);
            assertThat(status.exit()).isEqualTo(1);
            assertThat(status.out()).containsPattern("ingest\\s+0\\s+0\\s+0\\s+1\\n").containsPattern("render\\s+0\\s+0\\s+0\\s+2\\n")
                    .containsPattern("reprocess\\s+0\\s+0\\s+0\\s+0\\n").contains("3 messages are dead-lettered");

            LocalGallery.Run render = LocalGallery.Main0.run("dlq", "redrive", "--lane", "render", "--deployment", file.toString());
            System.out.println(render);
            assertThat(render.exit()).as(render.toString()).isZero();
            assertThat(render.out()).contains("render    2 dead-lettered, 2 moved back to render, 0 failed").doesNotContain("ingest");
            assertThat(Queues.depth(g.sqs, dead).total()).isEqualTo(1);
            java.util.List<String> bodies = new java.util.ArrayList<>();
            for (int i = 0; i < 5 && bodies.size() < 2; i++) {
                g.sqs.receiveMessage(r -> r.queueUrl(lanes.get("render")).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()
                        .forEach(m -> bodies.add(m.body()));
            }
            assertThat(bodies).containsExactlyInAnyOrder("render job a", "render job c");

            LocalGallery.Run rest = LocalGallery.Main0.run("dlq", "redrive", "--deployment", file.toString());
            System.out.println(rest);
            assertThat(rest.exit()).as(rest.toString()).isZero();
            assertThat(rest.out()).contains("ingest    1 dead-lettered, 1 moved back to ingest, 0 failed")
                    .contains("render    0 dead-lettered, 0 moved back to render, 0 failed");
            assertThat(Queues.depth(g.sqs, dead).total()).isZero();
            assertThat(g.sqs.receiveMessage(r -> r.queueUrl(lanes.get("ingest")).waitTimeSeconds(1)).messages())
                    .extracting(software.amazon.awssdk.services.sqs.model.Message::body).containsExactly("ingest event b");
        }
    }
}
