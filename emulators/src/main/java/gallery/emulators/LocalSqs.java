package gallery.emulators;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.net.URI;

/**
 * SQS on 127.0.0.1: ElasticMQ in this process. Queues live in memory; the stack creates them at
 * each start. ElasticMQ itself moves a message to the dead-letter queue once its receive count
 * passes the queue's redrive policy, as SQS does.
 */
public final class LocalSqs implements AutoCloseable {
    public static final String ACCOUNT_ID = "000000000000";

    private final SQSRestServer server;
    private final URI endpoint;

    private LocalSqs(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    public static LocalSqs start(int port, String region) {
        // ElasticMQ puts its own address into every queue URL, so it must know the port before it binds.
        int actual = port == 0 ? Ports.free() : port;
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1") // its default is every interface
                .withPort(actual)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", actual, ""))
                .withAWSRegion(region)
                .withAWSAccountId(ACCOUNT_ID)
                .start();
        try {
            server.waitUntilStarted();
        } catch (RuntimeException e) {
            // Its actor system runs even when the bind failed, and would keep the JVM alive.
            try {
                server.stopAndWait();
            } catch (RuntimeException stopping) {
                if (stopping != e) e.addSuppressed(stopping); // it rethrows the bind failure itself
            }
            throw new IllegalStateException("SQS (ElasticMQ) did not start on 127.0.0.1:" + actual + ": " + e.getMessage(), e);
        }
        return new LocalSqs(server, URI.create("http://127.0.0.1:" + actual));
    }

    public URI endpoint() {
        return endpoint;
    }

    public static String queueArn(String region, String queueName) {
        return "arn:aws:sqs:" + region + ":" + ACCOUNT_ID + ":" + queueName;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
