package gallery.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MainTest {
    @Test
    void defaultsToTheDocumentedPortsAndDataFolder() {
        LocalStack.Options o = Main.parse(new String[0]).options();

        assertThat(o.dataDir()).isEqualTo(Path.of(".data"));
        assertThat(o.s3Port()).isEqualTo(8401);
        assertThat(o.sqsPort()).isEqualTo(8402);
        assertThat(o.dynamoDbPort()).isEqualTo(8403);
        assertThat(o.maxReceiveCount()).isEqualTo(5);
    }

    @Test
    void takesEachPortAndTheFolder() {
        LocalStack.Options o = Main.parse(new String[]{"--data", "/tmp/x", "--s3-port", "9001", "--sqs-port", "9002", "--dynamodb-port", "0"}).options();

        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.s3Port()).isEqualTo(9001);
        assertThat(o.sqsPort()).isEqualTo(9002);
        assertThat(o.dynamoDbPort()).isZero();
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> Main.parse(new String[]{"--s3-port", "http"})).hasMessageContaining("--s3-port http");
        assertThatThrownBy(() -> Main.parse(new String[]{"--sqs-port"})).hasMessageContaining("--sqs-port needs a value");
        assertThatThrownBy(() -> Main.parse(new String[]{"--port", "1"})).hasMessageContaining("unknown option --port");
    }

    @Test
    void pollerSettingsAreChecked() {
        assertThatThrownBy(() -> LambdaPoller.Settings.DEFAULT.withBatchSize(11)).hasMessageContaining("batchSize=11");
        assertThatThrownBy(() -> LambdaPoller.Settings.DEFAULT.withConcurrency(0)).hasMessageContaining("concurrency=0");
        assertThat(LocalQueue.REPROCESS.defaultSettings().concurrency())
                .isLessThanOrEqualTo(LocalQueue.RENDER.defaultSettings().concurrency());
    }
}
