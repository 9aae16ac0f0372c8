package gallery.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 (S3Proxy) and DynamoDB (DynamoDB Local), in memory in this JVM, with a client for each and the
 * test's buckets made: what a handler's integration test starts once per class.
 */
public final class EmulatedAws implements AutoCloseable {
    private final DynamoDbLocal dynamoDbLocal;
    private final S3ProxyServer s3Server;
    private final DynamoDbClient dynamo;
    private final S3Client s3;

    private EmulatedAws(DynamoDbLocal dynamoDbLocal, S3ProxyServer s3Server) {
        this.dynamoDbLocal = dynamoDbLocal;
        this.s3Server = s3Server;
        this.dynamo = dynamoDbLocal.client();
        this.s3 = s3Server.client();
    }

    public static EmulatedAws start(String... buckets) {
        EmulatedAws aws = new EmulatedAws(DynamoDbLocal.start(), S3ProxyServer.start());
        for (String bucket : buckets) aws.s3.createBucket(b -> b.bucket(bucket));
        return aws;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public S3Client s3() {
        return s3;
    }

    @Override
    public void close() throws Exception {
        s3.close();
        dynamo.close();
        s3Server.close();
        dynamoDbLocal.close();
    }
}
