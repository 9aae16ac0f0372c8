package gallery.local;

import gallery.core.deploy.Deployment;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local.jar [--data DIR] [--s3-port N] [--sqs-port N] [--dynamodb-port N]}:
 * starts the local stack, writes {@code DIR/endpoints.json}, prints it, and runs until stopped.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStack.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: java -jar local.jar [--data DIR] [--s3-port N] [--sqs-port N] [--dynamodb-port N]");
            System.exit(2);
            return;
        }
        // The handlers (ingest, render, reprocess), the photo table and the edge are registered here
        // as their modules land: builder.tableInitializer(...).handler(LocalQueue.INGEST, ...).
        LocalStack stack;
        try {
            stack = builder.start();
        } catch (RuntimeException e) {
            System.err.println("error: the local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        print(stack);
        stopped.await();
    }

    static LocalStack.Builder parse(String[] args) {
        Path data = Path.of(".data");
        int s3 = LocalStack.DEFAULT_S3_PORT;
        int sqs = LocalStack.DEFAULT_SQS_PORT;
        int dynamo = LocalStack.DEFAULT_DYNAMODB_PORT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(arg + " needs a value");
            String value = args[++i];
            switch (arg) {
                case "--data" -> data = Path.of(value);
                case "--s3-port" -> s3 = port(arg, value);
                case "--sqs-port" -> sqs = port(arg, value);
                case "--dynamodb-port" -> dynamo = port(arg, value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return LocalStack.builder(data).s3Port(s3).sqsPort(sqs).dynamoDbPort(dynamo);
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) return port;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " " + value + ": expected a port number 0..65535");
    }

    private static void print(LocalStack stack) {
        Deployment d = stack.deployment();
        System.out.println(d.toJson());
        System.out.printf("""

                The local stack is up (written to %s). Any S3 client works against it, e.g.:
                  export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_DEFAULT_REGION=%s
                  aws --endpoint-url %s s3 cp photo.jpg "s3://%s/photos/My Album/photo.jpg"
                  aws --endpoint-url %s sqs receive-message --queue-url %s
                Stop with Ctrl-C.
                %n""",
                stack.endpointsFile().toAbsolutePath(), d.accessKeyId(), d.secretAccessKey(), d.region(),
                d.endpoints().s3(), d.originalsBucket(), d.endpoints().sqs(), d.queues().ingest());
    }
}
