package gallery.local;

import gallery.core.deploy.Lane;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MainTest {
    @Test
    void defaultsToTheDocumentedPortsAndFolders() {
        Main.Args a = Main.parse(new String[0]);
        Gallery.Options o = a.options();

        assertThat(o.dataDir()).isEqualTo(Path.of(".data"));
        // found above the working directory (local/ when Maven runs this), wherever the jar is started from
        assertThat(o.toolsDir().resolve("package.json")).isRegularFile();
        assertThat(o.webDir()).isEqualTo(o.toolsDir().resolveSibling("web").resolve("dist"));
        assertThat(o.edgePort()).isEqualTo(8400);
        assertThat(o.s3Port()).isEqualTo(8401);
        assertThat(o.sqsPort()).isEqualTo(8402);
        assertThat(o.dynamoDbPort()).isEqualTo(8403);
        assertThat(o.cognitoPort()).isEqualTo(8404);
        assertThat(a.upload()).isTrue();
        assertThat(a.photos()).isEmpty();
    }

    @Test
    void takesEachPortAndFolder() {
        Main.Args a = Main.parse(new String[]{"--data", "/tmp/x", "--photos", "/tmp/p", "--web", "/tmp/w", "--tools", "/tmp/t",
                "--edge-port", "0", "--s3-port", "9001", "--sqs-port", "9002", "--dynamodb-port", "0", "--cognito-port", "9004"});
        Gallery.Options o = a.options();

        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(a.photos()).contains(Path.of("/tmp/p"));
        assertThat(o.webDir()).isEqualTo(Path.of("/tmp/w"));
        assertThat(o.toolsDir()).isEqualTo(Path.of("/tmp/t"));
        assertThat(o.edgePort()).isZero();
        assertThat(o.s3Port()).isEqualTo(9001);
        assertThat(o.sqsPort()).isEqualTo(9002);
        assertThat(o.dynamoDbPort()).isZero();
        assertThat(o.cognitoPort()).isEqualTo(9004);
        assertThat(Main.parse(new String[]{"--no-photos"}).upload()).isFalse();
    }

    @Test
    void usageNamesEveryPortOptionAndTheWebFolder() {
        // web/e2e/stack.mjs reads the usage to pass 0 to every --*-port and to find --web.
        assertThat(Main.parse(new String[]{"--help"}).help()).isTrue();
        assertThat(Main.USAGE).contains("--edge-port", "--s3-port", "--sqs-port", "--dynamodb-port", "--cognito-port", "--web DIR");
    }

    @Test
    void runsAsDeployedFromASynthOrAGivenAssembly() {
        assertThat(Main.parse(new String[0]).asDeployed()).isFalse();
        Main.Args synth = Main.parse(new String[]{"--as-deployed"});
        assertThat(synth.asDeployed()).isTrue();
        assertThat(synth.assembly()).isEmpty();
        assertThat(Main.parse(new String[]{"--as-deployed", "--assembly", "/tmp/cdk.out"}).assembly()).hasValue(Path.of("/tmp/cdk.out"));
        assertThatThrownBy(() -> Main.parse(new String[]{"--assembly", "/tmp/cdk.out"})).hasMessageContaining("--assembly goes with --as-deployed");
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> Main.parse(new String[]{"--s3-port", "http"})).hasMessageContaining("--s3-port http");
        assertThatThrownBy(() -> Main.parse(new String[]{"--sqs-port"})).hasMessageContaining("--sqs-port needs a value");
        assertThatThrownBy(() -> Main.parse(new String[]{"--port", "1"})).hasMessageContaining("unknown option --port");
        assertThatThrownBy(() -> Main.parse(new String[]{"photos"})).hasMessageContaining("unexpected argument photos");
        assertThatThrownBy(() -> Main.parse(new String[]{"--no-photos", "--photos", "/x"})).hasMessageContaining("contradict");
    }

    @Test
    void pollerSettingsAreChecked() {
        assertThatThrownBy(() -> LambdaPoller.Settings.DEFAULT.withBatchSize(11)).hasMessageContaining("batchSize=11");
        assertThatThrownBy(() -> LambdaPoller.Settings.DEFAULT.withConcurrency(0)).hasMessageContaining("concurrency=0");
        assertThat(LambdaPoller.Settings.of(Lane.REPROCESS).concurrency())
                .isLessThanOrEqualTo(LambdaPoller.Settings.of(Lane.RENDER).concurrency());
    }
}
