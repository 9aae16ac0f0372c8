package gallery.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SDK clients that record every call they are asked to make, before it is sent: by default they point
 * at a closed port (a primed handler, SnapStart, must make none); given an emulator's endpoint, they
 * reach it, so a test can count what a piece of work asks for.
 */
public final class RecordingClients {
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    private final URI endpoint;
    private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
    private final ExecutionInterceptor recorder = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            requests.add(context.request());
        }
    };

    /** Clients that point at a closed port. */
    public RecordingClients() {
        this(NOWHERE);
    }

    /** Clients that reach {@code endpoint} (an emulator's). */
    public RecordingClients(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** A recording client from this builder, e.g. {@code clients.of(S3Client.builder())}. */
    public <B extends AwsClientBuilder<B, C>, C> C of(B builder) {
        // The emulators' clients' key: DynamoDB Local keeps one database per access key.
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder))
                .build();
    }

    /** The request types asked for so far, in order (e.g. {@code GetObjectRequest}). */
    public List<String> calls() {
        return requests.stream().map(r -> r.getClass().getSimpleName()).toList();
    }

    /** The requests asked for so far, in order. */
    public List<SdkRequest> requests() {
        return List.copyOf(requests);
    }
}
