package gallery.core.routes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathPatternTest {
    @Test
    void starMatchesAnyRunIncludingSlashesAndNothing() {
        assertThat(PathPattern.matches("/renditions/*", "/renditions/640/photos/a/b.jpg.webp")).isTrue();
        assertThat(PathPattern.matches("/renditions/*", "/renditions/")).isTrue();
        assertThat(PathPattern.matches("/renditions/*", "/renditions")).isFalse();
        assertThat(PathPattern.matches("*", "/")).isTrue();
        assertThat(PathPattern.matches("/a*b", "/ab")).isTrue();
        assertThat(PathPattern.matches("/a*b", "/axxb/yb")).isTrue();
        assertThat(PathPattern.matches("/a*b", "/axxbc")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        assertThat(PathPattern.matches("/images/?.jpg", "/images/1.jpg")).isTrue();
        assertThat(PathPattern.matches("/images/?.jpg", "/images/.jpg")).isFalse();
        assertThat(PathPattern.matches("/images/?.jpg", "/images/12.jpg")).isFalse();
    }

    @Test
    void matchingIsCaseSensitiveAndLiteral() {
        assertThat(PathPattern.matches("/api/*", "/API/albums")).isFalse();
        assertThat(PathPattern.matches("/config.json", "/configxjson")).isFalse();
        assertThat(PathPattern.matches("/config.json", "/config.json")).isTrue();
    }

    @Test
    void overlapFindsAPathBothPatternsMatch() {
        assertThat(PathPattern.overlap("/api/session", "/api/*")).isTrue();
        assertThat(PathPattern.overlap("/api/*", "/a*")).isTrue();
        assertThat(PathPattern.overlap("/*.jpg", "/photos/*")).isTrue();
        assertThat(PathPattern.overlap("/images/?.jpg", "/images/1*")).isTrue();
        assertThat(PathPattern.overlap("/session", "/api/*")).isFalse();
        assertThat(PathPattern.overlap("/renditions/*", "/resize/*")).isFalse();
        assertThat(PathPattern.overlap("/images/?.jpg", "/images/12*")).isFalse();
        assertThat(PathPattern.overlap("/a", "/a")).isTrue();
        assertThat(PathPattern.overlap("/a", "/ab")).isFalse();
    }
}
