package gallery.admin;

import gallery.aws.DeploymentClients;
import gallery.core.deploy.Deployment;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin tool's SDK clients for a {@link Deployment}: the gallery's own from {@link DeploymentClients}
 * (the one factory), and the admin-only ones (secrets, CloudFront, IAM). Each client is built on first
 * use and closed with this object. The HTTP client is named explicitly because a classpath with more
 * than one makes the SDK refuse to guess.
 */
public final class Clients implements AutoCloseable {
    private final Deployment d;
    private final List<AutoCloseable> built = new ArrayList<>();
    private S3Client s3;
    private SqsClient sqs;
    private DynamoDbClient dynamo;
    private CognitoIdentityProviderClient cognito;
    private CloudFrontClient cloudFront;
    private IamClient iam;

    public Clients(Deployment deployment) {
        this.d = deployment;
    }

    public Deployment deployment() {
        return d;
    }

    public synchronized S3Client s3() {
        if (s3 == null) s3 = keep(() -> DeploymentClients.s3(d));
        return s3;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) sqs = keep(() -> DeploymentClients.sqs(d));
        return sqs;
    }

    public synchronized DynamoDbClient dynamo() {
        if (dynamo == null) dynamo = keep(() -> DeploymentClients.dynamoDb(d));
        return dynamo;
    }

    /** Cognito; for a local stack only when cognito-local runs (its endpoint is in the deployment). */
    public synchronized CognitoIdentityProviderClient cognito() {
        if (cognito == null) {
            if (d.userPoolId() == null) {
                throw new ConfigProblem("the deployment names no user pool (userPoolId): is Cognito part of it?");
            }
            CognitoIdentityProviderClient client = DeploymentClients.cognito(d);
            if (client == null) {
                throw new ConfigProblem("the local stack runs no Cognito emulator (endpoints.cognito is not set in endpoints.json)");
            }
            cognito = keep(() -> client);
        }
        return cognito;
    }

    /** Parameter Store, where the signer's key is (a plain signed HTTP client: nothing to close). */
    public gallery.auth.ParameterStore parameters() {
        String region = region().id();
        return new gallery.auth.ParameterStore(gallery.auth.ParameterStore.endpoint(System.getenv(gallery.auth.ParameterStore.ENDPOINT_VARIABLE), region),
                region, credentials());
    }

    /** CloudFront is a global service whose API lives in us-east-1. */
    public synchronized CloudFrontClient cloudFront() {
        if (cloudFront == null) {
            cloudFront = keep(() -> CloudFrontClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(credentials())
                    .httpClientBuilder(ApacheHttpClient.builder()).build());
        }
        return cloudFront;
    }

    /** IAM is a global service (members' backup keys are IAM users). */
    public synchronized IamClient iam() {
        if (iam == null) {
            iam = keep(() -> IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(credentials())
                    .httpClientBuilder(ApacheHttpClient.builder()).build());
        }
        return iam;
    }

    private Region region() {
        return DeploymentClients.region(d);
    }

    private AwsCredentialsProvider credentials() {
        return DeploymentClients.credentials(d);
    }

    private <T extends AutoCloseable> T keep(Supplier<T> build) {
        T client = build.get();
        built.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : built) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing an HTTP pool at exit: nothing left to do with a failure
            }
        }
        built.clear();
    }
}
