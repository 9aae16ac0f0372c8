package gallery.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhotoFilesTest {
    @Test
    void photosAreRecognisedByExtensionWhateverTheCase() {
        assertThat(PhotoFiles.isPhoto("IMG_0001.JPG")).isTrue();
        assertThat(PhotoFiles.isPhoto("a.heic")).isTrue();
        assertThat(PhotoFiles.isPhoto("notes.txt")).isFalse();
        assertThat(PhotoFiles.isPhoto(".hidden.jpg")).isFalse();
        assertThat(PhotoFiles.isPhoto("jpg")).isFalse();
    }

    @Test
    void contentTypeFollowsTheExtension() {
        assertThat(PhotoFiles.contentType("a.JPEG")).isEqualTo("image/jpeg");
        assertThat(PhotoFiles.contentType("a.tif")).isEqualTo("image/tiff");
        assertThat(PhotoFiles.contentType("a.heic")).isEqualTo("image/heic");
        assertThat(PhotoFiles.contentType("a.bin")).isEqualTo("application/octet-stream");
        assertThat(PhotoFiles.contentType("IMG_0001.MOV")).isEqualTo("video/quicktime");
        assertThat(PhotoFiles.contentType("clip.mp4")).isEqualTo("video/mp4");
    }

    @Test
    void videosFromACameraRollUploadToo() {
        assertThat(PhotoFiles.isPhoto("IMG_0001.MOV")).isTrue();
        assertThat(PhotoFiles.isVideo("IMG_0001.MOV")).isTrue();
        assertThat(PhotoFiles.isVideo("clip.webm")).isTrue();
        assertThat(PhotoFiles.isVideo("IMG_0001.HEIC")).isFalse();
        assertThat(PhotoFiles.isVideo(".x.mov")).isFalse();
    }
}
