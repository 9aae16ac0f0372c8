package gallery.core.edge;

import gallery.core.AlbumAccess;
import gallery.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One table of requests, decided by the local edge's Java and by the CloudFront Function under node. */
class EdgeAccessTest {
    static final AlbumAccess RULES = new AlbumAccess(Map.of("Parents", Set.of("parents"), "Family/Grandparents", Set.of("grandparents", "parents")));
    static final String ALL = AccessLabels.EVERYONE;
    static final String PARENTS = AccessLabels.forGroups(Set.of("parents"));
    static final String GRAND = AccessLabels.forGroups(Set.of("parents", "grandparents"));
    static final String SHARE_SUMMER = AccessLabels.forShare("Summer 2024");

    /** path → the path the origin gets, or null when refused. */
    static Map<String, String> cases() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("/renditions/" + ALL + "/640/photos/Summer%202024/a.jpg.webp", "/renditions/640/photos/Summer%202024/a.jpg.webp");
        c.put("/photos/" + ALL + "/Summer%202024/a.jpg", "/photos/Summer%202024/a.jpg");
        c.put("/resize/" + ALL + "/300x300/photos/a.jpg", "/resize/300x300/photos/a.jpg");
        c.put("/renditions/" + PARENTS + "/640/photos/Parents/a.jpg.webp", "/renditions/640/photos/Parents/a.jpg.webp");
        c.put("/renditions/" + PARENTS + "/640/photos/Parents/2023/a.jpg.webp", "/renditions/640/photos/Parents/2023/a.jpg.webp");
        c.put("/renditions/" + PARENTS + "/resized/photos/Parents/a.jpg/1024x1024.webp", "/renditions/resized/photos/Parents/a.jpg/1024x1024.webp");
        c.put("/photos/" + GRAND + "/Family/Grandparents/x.jpg", "/photos/Family/Grandparents/x.jpg");
        c.put("/renditions/" + SHARE_SUMMER + "/640/photos/Summer%202024/a.jpg.webp", "/renditions/640/photos/Summer%202024/a.jpg.webp");
        // the everyone label on a group album, in every spelling
        c.put("/renditions/" + ALL + "/640/photos/Parents/a.jpg.webp", null);
        c.put("/renditions/" + ALL + "/640/photos/Parent%73/a.jpg.webp", null);
        c.put("/renditions/" + ALL + "/640/photos%2FParents/a.jpg.webp", null);
        c.put("/photos/" + ALL + "/Parents/a.jpg", null);
        c.put("/resize/" + ALL + "/300x300/photos/Parents/sub/a.jpg", null);
        c.put("/photos/" + PARENTS + "/Family/Grandparents/x.jpg", null);
        c.put("/photos/" + ALL + "/Family/Grandparents/x.jpg", null);
        // a group label on an album for everyone: the cookie is the wrong one for it
        c.put("/renditions/" + PARENTS + "/640/photos/Summer%202024/a.jpg.webp", null);
        // a share label on another album, a subfolder, or a label that is not one
        c.put("/renditions/" + SHARE_SUMMER + "/640/photos/Parents/a.jpg.webp", null);
        c.put("/renditions/" + SHARE_SUMMER + "/640/photos/Summer%202024/sub/a.jpg.webp", null);
        c.put("/renditions/640/photos/Summer%202024/a.jpg.webp", null);
        c.put("/renditions/s-0000000000000000/640/photos/Summer%202024/a.jpg.webp", null);
        c.put("/renditions/" + ALL + "/640/photos/a/%2e%2e/Parents/a.jpg.webp", null);
        c.put("/renditions/" + ALL + "/640/photos/%zz/a.jpg.webp", null);
        c.put("/renditions/" + ALL + "/640/other/a.jpg.webp", null);
        return c;
    }

    @Test
    void theLocalEdgeDecidesAsTheTableSays() {
        EdgeAccess access = new EdgeAccess(AccessLabels.edgeRules(RULES));
        cases().forEach((path, expected) -> {
            EdgeAccess.Decision d = access.decide(path);
            if (expected == null) {
                assertThat(d.allowed()).as(path).isFalse();
                assertThat(d.status()).isEqualTo(403);
            } else {
                assertThat(d.allowed()).as(path + ": " + d.reason()).isTrue();
                assertThat(d.path()).as(path).isEqualTo(expected);
            }
        });
    }

    @Test
    void theCloudFrontFunctionDecidesTheSame(@TempDir Path dir) throws Exception {
        String source = new EdgeAccess(AccessLabels.edgeRules(RULES)).functionSource("request.headers['accept'] = { value: 'image/webp' };");
        assertThat(source.getBytes(StandardCharsets.UTF_8).length).as("CloudFront Functions take 10 KB of code").isLessThan(10_240);
        List<String> checks = new ArrayList<>();
        cases().forEach((path, expected) -> checks.add("check(" + Json.write(path) + ", " + Json.write(expected) + ");"));
        String script = source + """
                var failures = 0;
                function check(uri, expected) {
                  var out = handler({ request: { uri: uri, headers: {} } });
                  var got = out.statusCode ? null : out.uri;
                  if (got !== expected) { failures++; console.log('FAIL ' + uri + ' -> ' + got + ', expected ' + expected); }
                  if (got && got.indexOf('/resize/') === 0 && (out.headers['accept'].value !== 'image/webp' || !out.headers['x-access-label'])) {
                    failures++; console.log('FAIL ' + uri + ': accept or label header not set');
                  }
                }
                """ + String.join("\n", checks) + "\nif (failures) process.exit(1);\n";
        runsClean(dir.resolve("edge-access.js"), script);
    }

    @Test
    void theRedirectFunctionPutsTheLabelBack(@TempDir Path dir) throws Exception {
        String script = EdgeAccess.redirectLabelSource() + """
                var r = handler({ request: { uri: '/resize/300x300/photos/a.jpg', headers: { 'x-access-label': { value: '%s' } } },
                                  response: { statusCode: 301, headers: { location: { value: '/resize/336x336/photos/a.jpg?v=1' } } } });
                if (r.headers.location.value !== '%s') { console.log(r.headers.location.value); process.exit(1); }
                """.formatted(PARENTS, EdgeAccess.relabel("/resize/336x336/photos/a.jpg?v=1", PARENTS));
        assertThat(EdgeAccess.relabel("/renditions/resized/photos/a.jpg/1024x1024.webp?v=1", PARENTS))
                .isEqualTo("/renditions/" + PARENTS + "/resized/photos/a.jpg/1024x1024.webp?v=1");
        runsClean(dir.resolve("relabel.js"), script);
    }

    /** Runs {@code script} under node (as CloudFront Functions' JavaScript would run): it must exit 0. */
    static void runsClean(Path file, String script) throws Exception {
        Files.writeString(file, script);
        Process node = new ProcessBuilder("node", file.toString()).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(out).isZero();
    }

    @Test
    void aMemberHoldsOneTrioPerDistinctGroupSetTheyAreIn() {
        assertThat(AccessLabels.visibleTo(RULES, Set.of("parents"), false)).containsExactlyInAnyOrder(ALL, PARENTS, GRAND);
        assertThat(AccessLabels.visibleTo(RULES, Set.of("grandparents"), false)).containsExactlyInAnyOrder(ALL, GRAND);
        assertThat(AccessLabels.visibleTo(RULES, Set.of(), false)).containsExactly(ALL);
        assertThat(AccessLabels.visibleTo(RULES, Set.of(), true)).containsExactlyInAnyOrder(ALL, PARENTS, GRAND);
        assertThat(AccessLabels.forGroups(Set.of("b", "a"))).isEqualTo(AccessLabels.forGroups(Set.of("a", "b")));
    }
}
