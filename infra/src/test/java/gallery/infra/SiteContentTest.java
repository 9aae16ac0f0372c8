package gallery.infra;

import gallery.resize.ResizeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.Bucket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SiteContentTest {

    @Test
    void aBuiltUiShipsWithShortLivedEntryFilesAndImmutableHashedAssets(@TempDir Path dist) throws Exception {
        Files.writeString(dist.resolve("index.html"), "<!doctype html><title>gallery</title>");
        Files.createDirectories(dist.resolve("assets"));
        Files.writeString(dist.resolve("assets/index-3f2a9c.js"), "console.log('gallery');");

        List<Map<String, Object>> deployments = deployments(dist);
        assertThat(deployments).hasSize(2);
        Map<String, Object> entry = withPrefix(deployments, null);
        assertThat(entry.get("Prune")).isEqualTo(true);
        assertThat(entry.get("Exclude")).isEqualTo(List.of("assets/*"));
        assertThat(((Map<?, ?>) entry.get("SystemMetadata")).get("cache-control")).isEqualTo("public, max-age=60");
        assertThat(entry.get("DistributionPaths")).isEqualTo(List.of("/index.html", "/config.json"));
        assertThat((List<?>) entry.get("SourceObjectKeys")).hasSize(2); // config.json and the UI

        Map<String, Object> hashed = withPrefix(deployments, "assets/");
        assertThat(hashed.get("Prune")).isEqualTo(false);
        assertThat(((Map<?, ?>) hashed.get("SystemMetadata")).get("cache-control").toString())
                .contains("max-age=31536000").contains("immutable");
    }

    @Test
    void withoutABuiltUiOnlyConfigJsonIsDeployed(@TempDir Path empty) {
        List<Map<String, Object>> deployments = deployments(empty.resolve("dist"));
        assertThat(deployments).hasSize(1);
        assertThat((List<?>) deployments.getFirst().get("SourceObjectKeys")).hasSize(1);
    }

    @Test
    void configJsonCarriesTheResizersLadderSoTheViewerAsksForCanonicalUrls() {
        Stack stack = new Stack(new App(), "Site");
        Object sizes = SiteContent.config(new Auth(stack, "Auth")).get("resizeSizes");
        assertThat(sizes).isEqualTo(ResizeConfig.DEFAULT_LADDER.rungs());
        assertThat(ResizeConfig.DEFAULT_LADDER.rungs()).contains(16, 936, 1880, 4096);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deployments(Path dist) {
        Stack stack = new Stack(new App(), "Site");
        Auth auth = new Auth(stack, "Auth");
        Bucket web = Bucket.Builder.create(stack, "Web").build();
        Distribution distribution = Distribution.Builder.create(stack, "Distribution")
                .defaultBehavior(BehaviorOptions.builder().origin(S3BucketOrigin.withOriginAccessControl(web)).build())
                .build();
        new SiteContent(stack, "Site", web, distribution, auth, dist);
        return Template.fromStack(stack).findResources("Custom::CDKBucketDeployment").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties")).toList();
    }

    private static Map<String, Object> withPrefix(List<Map<String, Object>> deployments, String prefix) {
        return deployments.stream().filter(d -> java.util.Objects.equals(d.get("DestinationBucketKeyPrefix"), prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no deployment with key prefix " + prefix + " in " + deployments));
    }
}
