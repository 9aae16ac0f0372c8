package gallery.local;

import gallery.core.deploy.Deployment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for a {@link Deployment}: pointed at the local stack's endpoints with its key pair
 * when it has them, else at AWS with the default credentials. The HTTP client is named explicitly
 * because the local jar carries more than one (the SDK refuses to guess).
 */
public final class LocalClients {
    private LocalClients() {
    }

    public static S3Client s3(Deployment d) {
        var b = S3Client.builder()
                .region(Region.of(d.region()))
                .credentialsProvider(credentials(d))
                .httpClientBuilder(ApacheHttpClient.builder());
        if (d.endpoints() != null && d.endpoints().s3() != null) {
            // S3Proxy serves buckets by path, not by host name. The SDK's default checksums (CRC32
            // on every upload since 2.30, checked on download) stay on: S3Proxy 4 handles them.
            b.endpointOverride(d.endpoints().s3()).forcePathStyle(true);
        }
        return b.build();
    }

    public static SqsClient sqs(Deployment d) {
        var b = SqsClient.builder()
                .region(Region.of(d.region()))
                .credentialsProvider(credentials(d))
                .httpClientBuilder(ApacheHttpClient.builder());
        if (d.endpoints() != null && d.endpoints().sqs() != null) b.endpointOverride(d.endpoints().sqs());
        return b.build();
    }

    public static DynamoDbClient dynamoDb(Deployment d) {
        var b = DynamoDbClient.builder()
                .region(Region.of(d.region()))
                .credentialsProvider(credentials(d))
                .httpClientBuilder(ApacheHttpClient.builder());
        if (d.endpoints() != null && d.endpoints().dynamodb() != null) b.endpointOverride(d.endpoints().dynamodb());
        return b.build();
    }

    public static AwsCredentialsProvider credentials(Deployment d) {
        return d.accessKeyId() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(d.accessKeyId(), d.secretAccessKey()));
    }
}
