package gallery.local;

import gallery.local.LocalPhotos.LocalPhoto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPhotosTest {
    @TempDir
    Path dir;

    @Test
    void theFolderIsTheAlbumAndSubfoldersAreAlbumsOfTheirOwn() throws Exception {
        Path holiday = Files.createDirectories(dir.resolve("Summer 2024"));
        Files.writeString(holiday.resolve("beach.JPG"), "x");
        Files.createDirectories(holiday.resolve("Day 2/evening"));
        Files.writeString(holiday.resolve("Day 2/evening/sunset+moon.heic"), "x");
        Files.writeString(holiday.resolve("notes.txt"), "not a photo");
        Files.createDirectories(holiday.resolve(".thumbnails"));
        Files.writeString(holiday.resolve(".thumbnails/beach.jpg"), "a cache, not a photo");
        Files.writeString(holiday.resolve(".DS_Store.jpg"), "hidden");

        List<LocalPhoto> photos = LocalPhotos.inFolder(holiday);

        assertThat(photos).extracting(p -> p.key().value())
                .containsExactly("photos/Summer 2024/Day 2/evening/sunset+moon.heic", "photos/Summer 2024/beach.JPG");
        assertThat(photos.getFirst().key().album()).isEqualTo("Summer 2024/Day 2/evening");
        assertThat(photos.getLast().key().album()).isEqualTo("Summer 2024");
    }

    @Test
    void aMissingFolderIsNamed() {
        assertThatThrownBy(() -> LocalPhotos.inFolder(dir.resolve("nope"))).hasMessageContaining("--photos").hasMessageContaining("nope");
    }


    @Test
    void onlyTheContractsTunablesComeFromTheShell() {
        var d = new gallery.core.deploy.Deployment("us-east-1", "k", "s", null, "originals", "derived", "web", "photos",
                new gallery.core.deploy.Deployment.Queues("i", "id", "r", "rd", "p", "pd", "v", "vd"), null, null);

        var env = Pipeline.environment(d, java.util.Map.of("PHOTO_TABLE", "elsewhere", "PRESET", "jpeg", "HOME", "/root"),
                java.util.Map.of("SITE_URL", "http://127.0.0.1:8400"));

        assertThat(env).containsEntry("PHOTO_TABLE", "photos").containsEntry("PRESET", "jpeg")
                .containsEntry("VIPS_CONCURRENCY", "1").containsEntry("ENCODE_THREADS", "1").containsEntry("SITE_URL", "http://127.0.0.1:8400")
                .doesNotContainKey("HOME");
        assertThat(Pipeline.environment(d, java.util.Map.of("VIPS_CONCURRENCY", "4"), java.util.Map.of()))
                .containsEntry("VIPS_CONCURRENCY", "4");
    }
}
