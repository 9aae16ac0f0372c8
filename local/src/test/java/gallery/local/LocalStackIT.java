package gallery.local;

import gallery.aws.DeploymentClients;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStackIT {
    @TempDir
    Path data;

    /** Stands in for the photo index's table creation: idempotent, as the stack runs it at every start. */
    static final AtomicInteger initializerRuns = new AtomicInteger();

    static void createTable(DynamoDbClient dynamo, String table) {
        initializerRuns.incrementAndGet();
        try {
            dynamo.createTable(c -> c.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        } catch (ResourceInUseException alreadyThere) {
            // created at an earlier start
        }
    }

    @Test
    void objectsAndTablesSurviveARestart() {
        try (LocalStack stack = LocalStack.builder(data).freePorts().tableInitializer(LocalStackIT::createTable).start();
             S3Client s3 = DeploymentClients.s3(stack.deployment());
             DynamoDbClient dynamo = DeploymentClients.dynamoDb(stack.deployment())) {
            Deployment d = stack.deployment();
            s3.putObject(p -> p.bucket(d.originalsBucket()).key("photos/kept/a b.jpg"), RequestBody.fromString("still here"));
            dynamo.putItem(p -> p.tableName(d.photoTable()).item(Map.of("pk", AttributeValue.fromS("photos/kept/a b.jpg"),
                    "status", AttributeValue.fromS("ready"))));
        }

        try (LocalStack stack = LocalStack.builder(data).freePorts().tableInitializer(LocalStackIT::createTable).start();
             S3Client s3 = DeploymentClients.s3(stack.deployment());
             DynamoDbClient dynamo = DeploymentClients.dynamoDb(stack.deployment())) {
            Deployment d = stack.deployment();
            assertThat(s3.getObjectAsBytes(g -> g.bucket(d.originalsBucket()).key("photos/kept/a b.jpg")).asUtf8String())
                    .isEqualTo("still here");
            assertThat(dynamo.getItem(g -> g.tableName(d.photoTable()).key(Map.of("pk", AttributeValue.fromS("photos/kept/a b.jpg"))))
                    .item()).containsEntry("status", AttributeValue.fromS("ready"));
            assertThat(s3.listBuckets().buckets()).extracting(b -> b.name())
                    .contains(d.originalsBucket(), d.derivedBucket(), d.webBucket());
        }
        assertThat(initializerRuns).hasValue(2);
    }

    @Test
    void writesItsDeploymentAndListensOnLoopbackOnly() throws Exception {
        try (LocalStack stack = LocalStack.startForTest(data)) {
            Deployment d = stack.deployment();

            assertThat(Deployment.read(data.resolve("endpoints.json"))).isEqualTo(d);
            assertThat(d.isLocal()).isTrue();
            for (var endpoint : new java.net.URI[]{d.endpoints().s3(), d.endpoints().sqs(), d.endpoints().dynamodb()}) {
                assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
                assertThat(endpoint.getPort()).isPositive();
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoint.getPort())) {
                    assertThat(s.isConnected()).isTrue();
                }
            }
            assertThat(d.queues().ingest()).startsWith(d.endpoints().sqs().toString()).endsWith("/ingest");
            assertThat(d.queues().reprocessDlq()).endsWith("/reprocess-dlq");

            Deployment updated = stack.update(x -> x.withEndpoints(x.endpoints().withEdge(java.net.URI.create("http://127.0.0.1:8400")))
                    .withUserPool("local_pool", "client"));
            assertThat(Deployment.read(stack.endpointsFile())).isEqualTo(updated).isEqualTo(stack.deployment());
            assertThat(updated.endpoints().s3()).isEqualTo(d.endpoints().s3());
        }
    }

    @Test
    void aHandlerThatCannotBeBuiltFailsTheStartAndStopsWhatStarted() {
        assertThatThrownBy(() -> LocalStack.builder(data).freePorts()
                .handler(Lane.INGEST, d -> {
                    throw new IllegalArgumentException("ORIGINALS_BUCKET is not set");
                }).start())
                .hasMessageContaining("ingest handler could not be built")
                .hasMessageContaining("ORIGINALS_BUCKET is not set");

        // Everything it started was stopped: the same folder starts again.
        try (LocalStack again = LocalStack.startForTest(data)) {
            assertThat(again.deployment().endpoints().s3()).isNotNull();
        }
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> LocalStack.builder(data).s3Port(70_000).options()).hasMessageContaining("S3 port 70000");
        assertThatThrownBy(() -> LocalStack.builder(data).maxReceiveCount(0).options()).hasMessageContaining("maxReceiveCount=0");
    }
}
