package gallery.hardening;

import gallery.core.config.Env;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import gallery.imaging.Renderer;
import gallery.local.LambdaPoller;
import gallery.aws.DeploymentClients;
import gallery.emulators.LocalSqs;
import gallery.worker.RenderHandler;
import gallery.worker.WorkerConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The resizer-worker in a process of its own, polling the local stack's render queue as Lambda
 * would. A native crash in libvips then ends this process, not the suite, and the suite counts it;
 * a kill -9 is a worker dying mid-batch. Arguments: the stack's endpoints.json, batch size,
 * concurrency. Prints {@code READY} once polling, runs until its stdin closes or reads
 * {@code stop}, then prints {@code STATS <counts> vmhwmKb=<peak resident set>}.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        Deployment d = Deployment.read(Path.of(args[0]));
        int batchSize = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        WorkerConfig config = WorkerConfig.fromEnv(new Env(d.environment()));
        Renderer renderer = new Renderer(config.imaging());
        S3Client s3 = DeploymentClients.s3(d);
        DynamoDbClient dynamo = DeploymentClients.dynamoDb(d);
        SqsClient sqs = DeploymentClients.sqs(d);
        CountingHandler.Counts counts = new CountingHandler.Counts();
        LambdaPoller poller = new LambdaPoller("render-child", sqs, Lane.RENDER.url(d),
                LocalSqs.queueArn(d.region(), Lane.RENDER.queueName()), d.region(),
                () -> new CountingHandler(new RenderHandler(config, s3, dynamo, renderer), counts),
                new LambdaPoller.Settings(batchSize, concurrency, Duration.ofSeconds(1), Duration.ofMinutes(3))).start();
        System.out.println("READY");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
                // waiting for the parent to say stop (or to go away)
            }
        }
        poller.close();
        System.out.println("STATS " + counts + " vmhwmKb=" + vmHwmKb(ProcessHandle.current().pid()));
        System.out.flush();
        System.exit(0);
    }

    /** Peak resident set size of a process (VmHWM in /proc/<pid>/status), or -1 where there is no /proc. */
    static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
