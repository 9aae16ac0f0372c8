package gallery.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViewerTest {
    @Test
    void aSetCookieIsKeptWithItsPathSoOnlyThatPrefixGetsIt() {
        assertThat(Viewer.parseCookie("CloudFront-Policy=eyJ9; Path=/renditions/; Secure; HttpOnly; SameSite=Strict"))
                .containsExactly("/renditions/", "CloudFront-Policy=eyJ9");
        assertThat(Viewer.parseCookie("a=b")).containsExactly("/", "a=b");
        assertThat(Viewer.parseCookie("a=b; path=/resize/")).containsExactly("/resize/", "a=b");
    }

    @Test
    void errorsGroupByRouteNotByPhoto() {
        assertThat(Viewer.shape("/renditions/640/photos/a/1.jpg.webp")).isEqualTo("/renditions/640/...");
        assertThat(Viewer.shape("/api/albums/Load%20Garden/photos?limit=200")).isEqualTo("/api/albums/...");
        assertThat(Viewer.shape("/session")).isEqualTo("/session");
    }
}
