package gallery.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SDK clients that point at a closed port and record every call they are asked to make, before it
 * is sent: a primed handler (SnapStart) must make none.
 */
public final class RecordingClients {
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final ExecutionInterceptor recorder = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.add(context.request().getClass().getSimpleName());
        }
    };

    /** A recording client from this builder, e.g. {@code clients.of(S3Client.builder())}. */
    public <B extends AwsClientBuilder<B, C>, C> C of(B builder) {
        return builder.endpointOverride(NOWHERE).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("none", "none")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder))
                .build();
    }

    /** The request types asked for so far, in order (e.g. {@code GetObjectRequest}). */
    public List<String> calls() {
        return List.copyOf(calls);
    }
}
