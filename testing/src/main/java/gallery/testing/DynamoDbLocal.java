package gallery.testing;

import gallery.emulators.LocalDynamoDb;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;

/**
 * DynamoDB Local, in memory, in this JVM, on a free port of 127.0.0.1: the local stack's own
 * {@link LocalDynamoDb} (loopback only, telemetry off), with a client for the test.
 */
public final class DynamoDbLocal implements AutoCloseable {
    private final LocalDynamoDb server;

    private DynamoDbLocal(LocalDynamoDb server) {
        this.server = server;
    }

    public static DynamoDbLocal start() {
        return new DynamoDbLocal(LocalDynamoDb.inMemory());
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    @Override
    public void close() {
        server.close();
    }
}
