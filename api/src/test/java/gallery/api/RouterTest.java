package gallery.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest {
    private final Router<String> router = new Router<String>()
            .add("GET", "/api/me", "me")
            .add("GET", "/api/albums", "albums")
            .add("GET", "/api/albums/{album...}/photos", "album")
            .add("GET", "/api/photos/{key...}", "photo")
            .add("GET", "/api/items/{id}", "item");

    private Router.Match<String> found(String method, String path) {
        Router.Result<String> r = router.route(method, path);
        assertThat(r).isInstanceOf(Router.Result.Found.class);
        return ((Router.Result.Found<String>) r).match();
    }

    @Test
    void matchesLiteralPaths() {
        assertThat(found("GET", "/api/me").handler()).isEqualTo("me");
        assertThat(found("GET", "/api/albums").handler()).isEqualTo("albums");
    }

    @Test
    void aGreedyParameterTakesFoldersWithSlashesAndDecodesEachSegment() {
        Router.Match<String> m = found("GET", "/api/albums/2024/Summer%20at%20Gran%27s/photos");
        assertThat(m.handler()).isEqualTo("album");
        assertThat(m.params()).isEqualTo(Map.of("album", "2024/Summer at Gran's"));
    }

    @Test
    void anAlbumNamedPhotosIsStillAnAlbum() {
        assertThat(found("GET", "/api/albums/a/photos/photos").params()).containsEntry("album", "a/photos");
    }

    @Test
    void theRootAlbumIsTheEmptyName() {
        assertThat(found("GET", "/api/albums//photos").params()).containsEntry("album", "");
    }

    @Test
    void anEncodedSlashStaysInsideItsSegment() {
        assertThat(found("GET", "/api/photos/photos/a%2Fb.jpg").params()).containsEntry("key", "photos/a/b.jpg");
        assertThat(found("GET", "/api/items/a%2Fb").params()).containsEntry("id", "a/b");
        assertThat(router.route("GET", "/api/items/a/b")).isInstanceOf(Router.Result.NotFound.class);
    }

    @Test
    void aKnownPathWithAnotherMethodSaysWhichMethodsAreAllowed() {
        assertThat(router.route("DELETE", "/api/me")).isEqualTo(new Router.Result.WrongMethod<String>(List.of("GET")));
    }

    @Test
    void unknownPathsAreNotFound() {
        assertThat(router.route("GET", "/api/nope")).isInstanceOf(Router.Result.NotFound.class);
        assertThat(router.route("GET", "/api/albums/x")).isInstanceOf(Router.Result.NotFound.class);
        assertThat(router.route("GET", "/api/me/")).isInstanceOf(Router.Result.NotFound.class);
        assertThat(router.route("GET", "/api/items/")).isInstanceOf(Router.Result.NotFound.class);
    }

    @Test
    void aMalformedEscapeIsRefused() {
        assertThatThrownBy(() -> router.route("GET", "/api/photos/photos/a%zz.jpg")).hasMessageContaining("malformed percent escape");
    }
}
