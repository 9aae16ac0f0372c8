package gallery.local.edge;

import gallery.testing.MutableClock;

import gallery.core.routes.Routes;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeCacheTest {
    static OriginResponse ok(String cacheControl, int bytes) {
        return new OriginResponse(200, cacheControl == null ? Map.of() : Map.of("cache-control", List.of(cacheControl)), new byte[bytes]);
    }

    @Test
    void ttlFollowsTheOriginUpToTheRoutesMaximum() {
        assertThat(LocalEdge.ttl(ok("public, max-age=31536000, immutable", 1), Routes.RENDITIONS.cache())).hasValue(Duration.ofDays(365));
        assertThat(LocalEdge.ttl(ok("max-age=600", 1), Routes.SITE_CONFIG.cache())).hasValue(Duration.ofMinutes(1));
        assertThat(LocalEdge.ttl(ok("s-maxage=30, max-age=600", 1), Routes.WEB.cache())).hasValue(Duration.ofSeconds(30));
        assertThat(LocalEdge.ttl(ok(null, 1), Routes.WEB.cache())).hasValue(Duration.ofDays(1));
        assertThat(LocalEdge.ttl(ok("no-cache", 1), Routes.WEB.cache())).isEmpty();
        assertThat(LocalEdge.ttl(ok("private, max-age=60", 1), Routes.WEB.cache())).isEmpty();
        assertThat(LocalEdge.ttl(new OriginResponse(500, Map.of(), new byte[0]), Routes.WEB.cache())).isEmpty();
    }

    @Test
    void keyQueryKeepsOnlyTheKeysParametersInAStableOrder() {
        assertThat(LocalEdge.keyQuery("utm=x&v=2", List.of("v"))).isEqualTo("v=2");
        assertThat(LocalEdge.keyQuery("b=1&v=2&a=3", List.of("v", "a"))).isEqualTo("a=3&v=2");
        assertThat(LocalEdge.keyQuery("v=2", List.of())).isEmpty();
    }

    @Test
    void leastRecentlyUsedGoesFirstWhenTheBudgetIsFull() {
        EdgeCache cache = new EdgeCache(10_000, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        cache.put("a", "/a?", ok(null, 1500), Duration.ofHours(1));
        cache.put("b", "/b?", ok(null, 1500), Duration.ofHours(1));
        cache.put("c", "/c?", ok(null, 1500), Duration.ofHours(1));
        assertThat(cache.get("a")).isPresent();
        cache.put("d", "/d?", ok(null, 1500), Duration.ofHours(1));
        cache.put("e", "/e?", ok(null, 1500), Duration.ofHours(1));
        assertThat(cache.get("b")).as("least recently used").isEmpty();
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.bytes()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void anInvalidationDropsEveryVariantOfThatPathAndVersionOnly() {
        EdgeCache cache = new EdgeCache(10_000, Clock.systemUTC());
        String path = LocalEdge.invalidationPath("/renditions/640/photos/Trip%20One/a%2Bb.jpg.webp", "v=abc");
        cache.put("webp", path, ok(null, 10), Duration.ofHours(1));
        cache.put("webp, other accept", path, ok(null, 10), Duration.ofHours(1));
        cache.put("newer", LocalEdge.invalidationPath("/renditions/640/photos/Trip%20One/a%2Bb.jpg.webp", "v=def"), ok(null, 10), Duration.ofHours(1));
        // encoded differently (an unreserved character escaped), the same key and version
        assertThat(cache.invalidate(java.util.Set.of(LocalEdge.invalidationPath("/renditions/640/photos/Trip%20On%65/a%2Bb.jpg.webp", "v=abc"))))
                .isEqualTo(2);
        assertThat(cache.get("webp")).isEmpty();
        assertThat(cache.get("newer")).isPresent();
    }

    @Test
    void expiredEntriesAreNotServed() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        EdgeCache cache = new EdgeCache(10_000, clock);
        cache.put("a", "/a?", ok(null, 10), Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void oneHugeObjectIsNotKept() {
        EdgeCache cache = new EdgeCache(10_000, Clock.systemUTC());
        cache.put("small", "/small?", ok(null, 100), Duration.ofHours(1));
        cache.put("huge", "/huge?", ok(null, 9_000), Duration.ofHours(1));
        assertThat(cache.get("huge")).isEmpty();
        assertThat(cache.get("small")).isPresent();
    }
}
