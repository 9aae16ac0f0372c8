package gallery.admin;

import gallery.emulators.Ports;
import gallery.testing.RepoFiles;

import gallery.core.PhotoKey;
import gallery.core.Uploader;
import gallery.core.deploy.Deployment;
import gallery.core.deploy.Lane;
import gallery.index.PhotoRow;
import gallery.aws.DeploymentClients;
import gallery.local.cognito.LocalCognito;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Members' backup keys against the real local stack (S3Proxy, DynamoDB Local, ElasticMQ, ingest,
 * cognito-local), issued by the admin tool as a person runs it, used through the SDK, Debian's
 * aws cli and Debian's rclone: a key adds under its own folder and nothing else, and the index
 * names who added each photo.
 */
class BackupKeysIT {
    static final Path NATURE = Path.of("/usr/share/backgrounds/mate/nature");

    @TempDir
    Path data;
    @TempDir
    Path work;

    record Key(String id, String secret) {
    }

    @Test
    void aMembersKeyAddsUnderItsFolderOnlyAndNeverDeletesOrReplaces() throws Exception {
        try (LocalGallery g = LocalGallery.start(data, Set.of(Lane.INGEST));
             LocalCognito cognito = LocalCognito.start(RepoFiles.toolsDir(), data.resolve("cognito"), Ports.free(), Region.US_EAST_1)) {
            Deployment d = g.d.withEndpoints(g.d.endpoints().withCognito(cognito.endpoint()))
                    .withUserPool(cognito.pool().userPoolId(), cognito.pool().clientId());
            d.write(data.resolve("endpoints.json"));
            String bucket = d.originalsBucket();
            assertThat(g.admin("users", "invite", "ann@example.org", "--name", "Ann Müller").exit()).isZero();
            assertThat(g.admin("users", "invite", "bob@example.org", "--name", "Bob").exit()).isZero();

            LocalGallery.Run issued = g.admin("users", "backup-key", "ann@example.org");
            System.out.println(issued);
            assertThat(issued.exit()).as(issued.toString()).isZero();
            assertThat(issued.out()).contains("s3://" + bucket + "/photos/Ann-Muller/").contains("rclone copy --ignore-existing");
            Key ann = key(issued);
            LocalGallery.Run again = g.admin("users", "backup-key", "ann@example.org");
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("has a backup key already");
            Key bob = key(g.admin("users", "backup-key", "bob@example.org"));
            LocalGallery.Run list = g.admin("users", "backup-keys");
            assertThat(list.out()).containsPattern("ann@example.org\\s+photos/Ann-Muller/\\s+" + ann.id())
                    .containsPattern("bob@example.org\\s+photos/Bob/\\s+" + bob.id()).contains("2 backup keys");

            byte[] aqua = Files.readAllBytes(NATURE.resolve("Aqua.jpg"));
            byte[] garden = Files.readAllBytes(NATURE.resolve("Garden.jpg"));
            String own = "photos/Ann-Muller/Camera/";
            try (S3Client s3 = client(d, ann)) {
                // Her own folder: add, list, read. Metadata claiming the admin tool does not change who added it.
                s3.putObject(b -> b.bucket(bucket).key(own + "sdk.jpg").metadata(Map.of(Uploader.METADATA_KEY, Uploader.ADMIN)),
                        RequestBody.fromBytes(aqua));
                assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(own)).contents()).hasSize(1);
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(own + "sdk.jpg")).asByteArray()).isEqualTo(aqua);
                // Refused: another member's folder, a delete, a replacement, the bucket's root, another bucket.
                assertDenied(() -> s3.putObject(b -> b.bucket(bucket).key("photos/Bob/sdk.jpg"), RequestBody.fromBytes(aqua)));
                assertDenied(() -> s3.deleteObject(b -> b.bucket(bucket).key(own + "sdk.jpg")));
                assertDenied(() -> s3.putObject(b -> b.bucket(bucket).key(own + "sdk.jpg"), RequestBody.fromBytes(garden)));
                assertDenied(() -> s3.listObjectsV2(b -> b.bucket(bucket).prefix("photos/")));
                assertDenied(() -> s3.getObject(b -> b.bucket(d.derivedBucket()).key("renditions/x.webp")));
                assertThat(g.s3.getObjectAsBytes(b -> b.bucket(bucket).key(own + "sdk.jpg")).asByteArray()).isEqualTo(aqua);
            }
            PhotoRow viaKey = g.await(new PhotoKey(own + "sdk.jpg"), r -> r.uploader() != null, Duration.ofSeconds(60));
            assertThat(viaKey.uploader()).isEqualTo(Uploader.backupKey("ann@example.org"));

            // The aws cli (Debian's awscli), as a member would configure it.
            Path photo = work.resolve("cli.jpg");
            Files.write(photo, aqua);
            Map<String, String> cliEnv = Map.of("AWS_ACCESS_KEY_ID", ann.id(), "AWS_SECRET_ACCESS_KEY", ann.secret(),
                    "AWS_DEFAULT_REGION", d.region());
            String endpoint = d.endpoints().s3().toString();
            assertThat(run(cliEnv, "aws", "--endpoint-url", endpoint, "s3", "cp", photo.toString(), "s3://" + bucket + "/" + own + "cli.jpg").exit)
                    .isZero();
            Proc otherFolder = run(cliEnv, "aws", "--endpoint-url", endpoint, "s3", "cp", photo.toString(), "s3://" + bucket + "/photos/Bob/cli.jpg");
            assertThat(otherFolder.exit).isNotZero();
            assertThat(otherFolder.out).contains("AccessDenied");
            assertThat(run(cliEnv, "aws", "--endpoint-url", endpoint, "s3", "rm", "s3://" + bucket + "/" + own + "cli.jpg").exit).isNotZero();
            Files.write(photo, garden);
            assertThat(run(cliEnv, "aws", "--endpoint-url", endpoint, "s3", "cp", photo.toString(), "s3://" + bucket + "/" + own + "cli.jpg").exit)
                    .isNotZero();
            assertThat(g.s3.getObjectAsBytes(b -> b.bucket(bucket).key(own + "cli.jpg")).asByteArray()).isEqualTo(aqua);

            // rclone (Debian's), configured as `users backup-key` prints it, backing up a folder.
            Path phone = Files.createDirectories(work.resolve("phone"));
            for (String name : List.of("FreshFlower.jpg", "GreenMeadow.jpg", "LadyBird.jpg")) Files.copy(NATURE.resolve(name), phone.resolve(name));
            Map<String, String> rclone = rcloneEnv(d, ann);
            String dest = "gallery:" + bucket + "/photos/Ann-Muller/Phone/";
            Proc copy = run(rclone, "rclone", "copy", "--ignore-existing", phone.toString(), dest);
            assertThat(copy.exit).as(copy.out).isZero();
            assertThat(g.s3.listObjectsV2(b -> b.bucket(bucket).prefix("photos/Ann-Muller/Phone/")).contents()).hasSize(3);
            Proc second = run(rclone, "rclone", "copy", "--ignore-existing", phone.toString(), dest);
            assertThat(second.exit).as("a second backup of the same folder adds nothing and fails nothing: " + second.out).isZero();
            assertThat(run(rclone, "rclone", "copy", phone.toString(), "gallery:" + bucket + "/photos/Bob/").exit).isNotZero();
            assertThat(run(rclone, "rclone", "delete", dest).exit).isNotZero();
            Files.write(work.resolve("LadyBird.jpg"), garden);
            assertThat(run(rclone, "rclone", "copyto", work.resolve("LadyBird.jpg").toString(), dest + "LadyBird.jpg").exit).isNotZero();
            assertThat(g.s3.getObjectAsBytes(b -> b.bucket(bucket).key("photos/Ann-Muller/Phone/LadyBird.jpg")).asByteArray())
                    .isEqualTo(Files.readAllBytes(NATURE.resolve("LadyBird.jpg")));
            assertThat(g.s3.listObjectsV2(b -> b.bucket(bucket).prefix("photos/Ann-Muller/Phone/")).contents()).hasSize(3);
            assertThat(run(rclone, "rclone", "lsf", dest).out).contains("FreshFlower.jpg", "GreenMeadow.jpg", "LadyBird.jpg");

            // Who added it: the admin tool, a browser upload (metadata the API sets), an unknown writer.
            Path admin = Files.createDirectories(work.resolve("admin"));
            Files.copy(NATURE.resolve("Dune.jpg"), admin.resolve("Dune.jpg"));
            assertThat(g.admin("upload", admin.toString(), "--album", "Trips").exit()).isZero();
            g.s3.putObject(b -> b.bucket(bucket).key("photos/Trips/browser.jpg").metadata(Map.of(Uploader.METADATA_KEY,
                    Uploader.member("bob@example.org"))), RequestBody.fromBytes(garden));
            g.s3.putObject(b -> b.bucket(bucket).key("photos/Trips/cli.jpg"), RequestBody.fromBytes(garden));
            assertThat(g.await(new PhotoKey("photos/Trips/Dune.jpg"), r -> r.uploader() != null, Duration.ofSeconds(60)).uploader())
                    .isEqualTo(Uploader.ADMIN);
            assertThat(g.await(new PhotoKey("photos/Trips/browser.jpg"), r -> r.uploader() != null, Duration.ofSeconds(60)).uploader())
                    .isEqualTo("member:bob@example.org");
            assertThat(g.await(new PhotoKey("photos/Trips/cli.jpg"), r -> r.uploader() != null, Duration.ofSeconds(60)).uploader())
                    .isEqualTo(Uploader.UNKNOWN);
            for (String name : List.of("FreshFlower.jpg", "GreenMeadow.jpg", "LadyBird.jpg")) {
                g.await(new PhotoKey("photos/Ann-Muller/Phone/" + name), r -> r.uploader() != null, Duration.ofSeconds(60));
            }
            LocalGallery.Run status = g.admin("status");
            System.out.println(status);
            assertThat(status.out()).containsPattern("backup-key:ann@example.org\\s+5")
                    .containsPattern("admin\\s+1").containsPattern("member:bob@example.org\\s+1").containsPattern("unknown\\s+1");

            // Rotated: the old pair is refused, the new one works. Revoked: refused; the photos stay.
            LocalGallery.Run rotated = g.admin("users", "backup-key", "ann@example.org", "--rotate");
            assertThat(rotated.exit()).as(rotated.toString()).isZero();
            Key ann2 = key(rotated);
            try (S3Client old = client(d, ann); S3Client fresh = client(d, ann2)) {
                assertDenied(() -> old.listObjectsV2(b -> b.bucket(bucket).prefix(own)));
                fresh.putObject(b -> b.bucket(bucket).key(own + "after-rotate.jpg"), RequestBody.fromBytes(garden));
            }
            assertThat(g.admin("users", "backup-key", "ann@example.org", "--revoke").exit()).isZero();
            try (S3Client revoked = client(d, ann2)) {
                assertDenied(() -> revoked.putObject(b -> b.bucket(bucket).key(own + "revoked.jpg"), RequestBody.fromBytes(garden)));
            }
            assertThat(run(rclone, "rclone", "lsf", dest).exit).as("rclone with the revoked key").isNotZero();
            assertThat(g.s3.listObjectsV2(b -> b.bucket(bucket).prefix("photos/Ann-Muller/")).contents()).hasSize(6);

            // Disabling a member revokes their key.
            LocalGallery.Run disabled = g.admin("users", "disable", "bob@example.org");
            assertThat(disabled.out()).contains("revoked the backup key " + bob.id());
            try (S3Client s3 = client(d, bob)) {
                assertDenied(() -> s3.putObject(b -> b.bucket(bucket).key("photos/Bob/x.jpg"), RequestBody.fromBytes(garden)));
            }
            assertThat(g.admin("users", "backup-keys").out()).contains("0 backup keys");
            LocalGallery.Run refusedDisabled = g.admin("users", "backup-key", "bob@example.org");
            assertThat(refusedDisabled.exit()).isEqualTo(1);
            assertThat(refusedDisabled.err()).contains("is disabled");
        }
    }

    static Key key(LocalGallery.Run run) {
        Matcher id = Pattern.compile("access key id:\\s+(\\S+)").matcher(run.out());
        Matcher secret = Pattern.compile("secret access key:\\s+(\\S+)").matcher(run.out());
        assertThat(id.find() && secret.find()).as(run.toString()).isTrue();
        return new Key(id.group(1), secret.group(1));
    }

    static S3Client client(Deployment d, Key key) {
        return DeploymentClients.s3(d.withCredentials(key.id(), key.secret()));
    }

    static void assertDenied(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    /** rclone's remote {@code gallery:} from environment variables, as the printed rclone.conf section sets it. */
    static Map<String, String> rcloneEnv(Deployment d, Key key) {
        Map<String, String> env = new HashMap<>();
        env.put("RCLONE_CONFIG_GALLERY_TYPE", "s3");
        env.put("RCLONE_CONFIG_GALLERY_PROVIDER", "Other");
        env.put("RCLONE_CONFIG_GALLERY_ACCESS_KEY_ID", key.id());
        env.put("RCLONE_CONFIG_GALLERY_SECRET_ACCESS_KEY", key.secret());
        env.put("RCLONE_CONFIG_GALLERY_REGION", d.region());
        env.put("RCLONE_CONFIG_GALLERY_ENDPOINT", d.endpoints().s3().toString());
        env.put("RCLONE_CONFIG_GALLERY_FORCE_PATH_STYLE", "true");
        env.put("RCLONE_CONFIG_GALLERY_NO_CHECK_BUCKET", "true");
        env.put("RCLONE_CONFIG", "/dev/null");
        return env;
    }

    record Proc(int exit, String out) {
    }

    static Proc run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("RCLONE_"));
        pb.environment().putAll(env);
        pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        List<String> shown = new ArrayList<>(List.of(command));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + shown);
        }
        System.out.println("$ " + String.join(" ", shown) + "  -> exit " + p.exitValue() + "\n" + out);
        return new Proc(p.exitValue(), out);
    }
}
