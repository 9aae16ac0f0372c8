package gallery.admin;

import gallery.core.PhotoKey;
import gallery.core.deploy.Lane;
import gallery.index.PhotoStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UploadIT {
    static final Path NATURE = Path.of("/usr/share/backgrounds/mate/nature");
    static final List<String> SMALL = List.of("Aqua.jpg", "FreshFlower.jpg", "Garden.jpg", "GreenMeadow.jpg");
    /** 8.1 MiB: two parts of 5 MiB. */
    static final Path LARGE = Path.of("/usr/share/backgrounds/mate/abstract/Elephants_3840x2160.jpg");
    static final int PART = 5 * 1024 * 1024;

    @TempDir
    Path data;
    @TempDir
    Path photos;

    @Test
    void uploadsAFolderOfRealPhotosThatAllGetIngestedAndASecondRunUploadsNothing() throws Exception {
        for (String name : SMALL) Files.copy(NATURE.resolve(name), photos.resolve(name));
        Files.copy(LARGE, photos.resolve("Elephants.jpg"));
        Files.writeString(photos.resolve("notes.txt"), "not a photo: left out");

        try (LocalGallery g = LocalGallery.start(data, Set.of(Lane.INGEST, Lane.RENDER))) {
            // An earlier run that stopped after the first part of the large file (started by another
            // tool: no MD5 metadata, so the second run must recognise the object by its multipart ETag).
            PhotoKey large = new PhotoKey("photos/Summer 2024/Elephants.jpg");
            byte[] bytes = Files.readAllBytes(photos.resolve("Elephants.jpg"));
            String uploadId = g.s3.createMultipartUpload(b -> b.bucket(g.d.originalsBucket()).key(large.value())).uploadId();
            g.s3.uploadPart(b -> b.bucket(g.d.originalsBucket()).key(large.value()).uploadId(uploadId).partNumber(1),
                    RequestBody.fromBytes(Arrays.copyOf(bytes, PART)));

            LocalGallery.Run first = g.admin("upload", photos.toString(), "--album", "Summer 2024",
                    "--multipart-threshold", "5MiB", "--part-size", "5MiB", "--parallel", "3");
            System.out.println(first);
            assertThat(first.exit()).as(first.toString()).isZero();
            assertThat(first.out()).contains("5 photos: 5 uploaded").contains("1 in parts, 1 parts resumed").contains("0 failed");
            assertThat(first.err()).contains("uploading [").contains("5/5 photos").contains("MiB");

            for (String name : SMALL) {
                g.await(new PhotoKey("photos/Summer 2024/" + name), r -> r.status() == PhotoStatus.READY, Duration.ofSeconds(120));
            }
            var row = g.await(large, r -> r.status() == PhotoStatus.READY, Duration.ofSeconds(120));
            assertThat(row.metadata().width()).isEqualTo(3840);
            byte[] stored = g.s3.getObjectAsBytes(b -> b.bucket(g.d.originalsBucket()).key(large.value())).asByteArray();
            assertThat(md5(stored)).isEqualTo(md5(bytes));
            assertThat(g.s3.listMultipartUploads(b -> b.bucket(g.d.originalsBucket())).uploads()).isEmpty();
            assertThat(g.s3.headObject(b -> b.bucket(g.d.originalsBucket()).key("photos/Summer 2024/Aqua.jpg")).metadata())
                    .containsEntry("md5", md5(Files.readAllBytes(photos.resolve("Aqua.jpg"))));

            LocalGallery.Run second = g.admin("upload", photos.toString(), "--album", "Summer 2024",
                    "--multipart-threshold", "5MiB", "--part-size", "5MiB");
            System.out.println(second);
            assertThat(second.exit()).isZero();
            assertThat(second.out()).contains("5 photos: 0 uploaded (0 B, 0 in parts, 0 parts resumed), 5 unchanged, 0 failed");

            LocalGallery.Run cost = g.admin("cost", "--views", "10000");
            System.out.println(cost);
            assertThat(cost.exit()).isZero();
            assertThat(cost.out()).contains("inputs: 5 originals (8.8 MiB), ").contains("5 ready photos, 5 new this month")
                    .containsPattern("S3 storage, originals, STANDARD\\s+0\\.0086 GB-month").contains("estimated month: $")
                    .contains("Parameter Store (signing key)").contains("idle, per TB of originals a month")
                    // FreshFlower.jpg (80 KB) stays in Standard, so this library settles a little above $4.10 per TB.
                    .containsPattern("originals\\s+1024 GB \\(GLACIER_IR from 100 KB\\)\\s+\\$4\\.\\d\\d");
        }
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        LocalGallery.Run noDir = LocalGallery.Main0.run("upload", data.resolve("missing").toString(), "--album", "A", "--local", data.toString());
        assertThat(noDir.exit()).isEqualTo(2);
        assertThat(noDir.err()).contains("is not a folder");
        LocalGallery.Run noStack = LocalGallery.Main0.run("upload", photos.toString(), "--album", "A", "--local", data.toString());
        assertThat(noStack.exit()).isEqualTo(2);
        assertThat(noStack.err()).contains("endpoints.json does not exist");
        LocalGallery.Run smallPart = LocalGallery.Main0.run("upload", photos.toString(), "--album", "A", "--part-size", "1MiB");
        assertThat(smallPart.exit()).isEqualTo(2);
        assertThat(smallPart.err()).contains("at least 5MiB");
        LocalGallery.Run noAlbum = LocalGallery.Main0.run("upload", photos.toString());
        assertThat(noAlbum.exit()).isEqualTo(2);
        assertThat(noAlbum.err()).contains("--album");
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }
}
