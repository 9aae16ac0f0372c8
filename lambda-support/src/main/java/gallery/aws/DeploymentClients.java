package gallery.aws;

import gallery.core.deploy.Deployment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place SDK clients are built for a {@link Deployment} (the admin tool, the local stack, the
 * benches and tests): pointed at the local stack's endpoints with its key pair when it has them, else
 * at AWS with the default credential chain. The Lambda functions build theirs from the environment.
 * The HTTP client is named explicitly because these class paths carry more than one (the SDK refuses
 * to guess). The caller closes what it gets.
 */
public final class DeploymentClients {
    private DeploymentClients() {
    }

    /**
     * S3, path-style on the local stack (S3Proxy serves buckets by path, not by host name). The SDK's
     * default checksums stay on everywhere (CRC32 on every upload since 2.30, checked on download):
     * they are what AWS runs with, S3Proxy 4 handles them (local's S3NotificationsIT.checksumsAreSentAndChecked), and turning them off
     * locally would test uploads without the integrity check they have in AWS. 32 connections: the
     * admin tool uploads parts and photos in parallel.
     */
    public static S3Client s3(Deployment d) {
        var b = S3Client.builder().region(region(d)).credentialsProvider(credentials(d))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32));
        if (d.endpoints() != null && d.endpoints().s3() != null) b.endpointOverride(d.endpoints().s3()).forcePathStyle(true);
        return b.build();
    }

    public static SqsClient sqs(Deployment d) {
        var b = SqsClient.builder().region(region(d)).credentialsProvider(credentials(d)).httpClientBuilder(ApacheHttpClient.builder());
        if (d.endpoints() != null && d.endpoints().sqs() != null) b.endpointOverride(d.endpoints().sqs());
        return b.build();
    }

    public static DynamoDbClient dynamoDb(Deployment d) {
        var b = DynamoDbClient.builder().region(region(d)).credentialsProvider(credentials(d)).httpClientBuilder(ApacheHttpClient.builder());
        if (d.endpoints() != null && d.endpoints().dynamodb() != null) b.endpointOverride(d.endpoints().dynamodb());
        return b.build();
    }

    /**
     * The user pool's API. On the local stack, cognito-local's endpoint (null when it runs none) with
     * any key pair: cognito-local does not check signatures.
     */
    public static CognitoIdentityProviderClient cognito(Deployment d) {
        var b = CognitoIdentityProviderClient.builder().region(region(d)).httpClientBuilder(ApacheHttpClient.builder());
        if (d.isLocal()) {
            if (d.endpoints().cognito() == null) return null;
            b.endpointOverride(d.endpoints().cognito())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            b.credentialsProvider(credentials(d));
        }
        return b.build();
    }

    public static Region region(Deployment d) {
        return Region.of(d.region());
    }

    public static AwsCredentialsProvider credentials(Deployment d) {
        return d.accessKeyId() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(d.accessKeyId(), d.secretAccessKey()));
    }
}
