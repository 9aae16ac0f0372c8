package gallery.worker;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.RenderJob;
import gallery.imaging.ImagingConfig;
import gallery.imaging.Renderer;
import gallery.index.PhotoIndex;
import gallery.index.PhotoTable;
import gallery.testing.EmulatedAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the worker's integration tests share: S3Proxy and DynamoDB Local for the class (with the originals
 * and derived buckets), one renderer, and a fresh photo table for every test, so no test sees another's rows.
 * A subclass builds its config and handler in its own {@code @BeforeEach}, which JUnit runs after this one's.
 */
abstract class WorkerFixture {
    static final String ORIGINALS = "originals";
    static final String DERIVED = "derived";

    static EmulatedAws aws;
    static DynamoDbClient dynamo;
    static S3Client s3;
    static Renderer renderer;
    /** This test's table and its index. */
    String table;
    PhotoIndex index;

    @BeforeAll
    static void startEmulators() {
        aws = EmulatedAws.start(ORIGINALS, DERIVED);
        dynamo = aws.dynamo();
        s3 = aws.s3();
        renderer = new Renderer(ImagingConfig.defaults());
    }

    @BeforeEach
    void freshPhotoTable() {
        table = "photos-" + UUID.randomUUID();
        PhotoTable.create(dynamo, table);
        index = new PhotoIndex(dynamo, table);
    }

    @AfterAll
    static void stopEmulators() throws Exception {
        aws.close();
    }

    /** An SQS batch carrying JOBS, as the lane's event source hands it to the worker. */
    static SQSEvent event(RenderJob... jobs) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (RenderJob j : jobs) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(UUID.randomUUID().toString());
            m.setBody(j.toJson());
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
