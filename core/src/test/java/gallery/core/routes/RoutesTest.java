package gallery.core.routes;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutesTest {
    @Test
    void noTwoPatternsOfTheDistributionOverlap() {
        List<Route> specific = Routes.ALL.subList(0, Routes.ALL.size() - 1);
        for (Route a : specific) {
            for (Route b : specific) {
                if (a != b) assertThat(PathPattern.overlap(a.pathPattern(), b.pathPattern()))
                        .as(a.pathPattern() + " vs " + b.pathPattern()).isFalse();
            }
        }
        Routes.checkNoOverlaps(Routes.ALL);
    }

    @Test
    void overlappingTableIsRefusedNamingBothPatterns() {
        Route session = new Route("/api/session", OriginKind.SIGNER, false, AllowedMethods.ALL, CachePolicy.DISABLED);
        assertThatThrownBy(() -> Routes.checkNoOverlaps(List.of(session, Routes.API, Routes.WEB)))
                .hasMessageContaining("/api/session").hasMessageContaining("/api/*");
    }

    @Test
    void tableWithoutDefaultLastIsRefused() {
        assertThatThrownBy(() -> Routes.checkNoOverlaps(List.of(Routes.WEB, Routes.API)))
                .hasMessageContaining("default");
    }

    @Test
    void protectedRouteMustBeAPrefixPattern() {
        Route odd = new Route("/p*.jpg", OriginKind.ORIGINALS_BUCKET, true, AllowedMethods.GET_HEAD, CachePolicy.DISABLED);
        assertThatThrownBy(() -> Routes.checkNoOverlaps(List.of(odd, Routes.WEB))).hasMessageContaining("/p*.jpg");
    }

    @Test
    void eachPathReachesItsOrigin() {
        assertThat(Routes.match("/config.json").origin()).isEqualTo(OriginKind.SITE_CONFIG);
        assertThat(Routes.match("/session").origin()).isEqualTo(OriginKind.SIGNER);
        assertThat(Routes.match("/api/albums").origin()).isEqualTo(OriginKind.API);
        assertThat(Routes.match("/api/session").origin()).isEqualTo(OriginKind.API);
        assertThat(Routes.match("/renditions/640/photos/x.jpg.webp").origin()).isEqualTo(OriginKind.DERIVED_BUCKET);
        assertThat(Routes.match("/photos/2024/x.jpg").origin()).isEqualTo(OriginKind.ORIGINALS_BUCKET);
        assertThat(Routes.match("/resize/300x200/photos/x.jpg").origin()).isEqualTo(OriginKind.RESIZER);
        assertThat(Routes.match("/").origin()).isEqualTo(OriginKind.WEB);
        assertThat(Routes.match("/assets/app-1234.js").origin()).isEqualTo(OriginKind.WEB);
        // without the trailing slash the prefix pattern does not match: the web UI answers, unprotected and harmless
        assertThat(Routes.match("/photos").origin()).isEqualTo(OriginKind.WEB);
        assertThat(Routes.match("/session/x").origin()).isEqualTo(OriginKind.WEB);
    }

    @Test
    void protectedRoutesAreTheMediaPaths() {
        assertThat(Routes.protectedRoutes()).extracting(Route::protectedPrefix)
                .containsExactly("/renditions/", "/photos/", "/resize/");
        assertThat(Routes.protectedRoutes()).allSatisfy(r -> assertThat(r.methods()).isEqualTo(AllowedMethods.GET_HEAD));
    }

    @Test
    void cacheKeysFollowTheVersionedUrls() {
        assertThat(Routes.RENDITIONS.cache().queryParams()).containsExactly("v");
        assertThat(Routes.RESIZE.cache().queryParams()).containsExactly("v");
        assertThat(Routes.RESIZE.cache().acceptImageFormat()).isTrue();
        assertThat(Routes.API.cache().caches()).isFalse();
        assertThat(Routes.SESSION.cache().caches()).isFalse();
        assertThat(Routes.PHOTOS.cache().caches()).isFalse();
    }
}
