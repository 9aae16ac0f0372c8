package gallery.api;

import gallery.core.UrlPaths;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a method and a raw path against a few patterns. {@code {name}} captures one segment;
 * {@code {name...}} captures one or more segments, slashes included, and may be followed by literal
 * segments ({@code /api/albums/{album...}/photos}: album names are folders and may hold slashes).
 * Captured segments are percent-decoded one by one, so {@code %2F} inside a segment stays part of
 * the name and never becomes a separator.
 */
final class Router<H> {
    record Match<H>(H handler, Map<String, String> params) {
    }

    /** What a path matched: a route for this method, or only routes for other methods, or nothing. */
    sealed interface Result<H> {
        record Found<H>(Match<H> match) implements Result<H> {
        }

        record WrongMethod<H>(List<String> allowed) implements Result<H> {
        }

        record NotFound<H>() implements Result<H> {
        }
    }

    private record Route<H>(String method, List<String> pattern, H handler) {
    }

    private final List<Route<H>> routes = new ArrayList<>();

    Router<H> add(String method, String pattern, H handler) {
        if (!pattern.startsWith("/")) throw new IllegalArgumentException("pattern must start with /: " + pattern);
        routes.add(new Route<>(method, List.of(pattern.substring(1).split("/", -1)), handler));
        return this;
    }

    /** @throws IllegalArgumentException when a captured segment has a malformed percent escape */
    Result<H> route(String method, String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) return new Result.NotFound<>();
        List<String> segments = List.of(rawPath.substring(1).split("/", -1));
        List<String> allowed = new ArrayList<>();
        for (Route<H> r : routes) {
            Optional<Map<String, String>> params = match(r.pattern, segments);
            if (params.isEmpty()) continue;
            if (r.method.equals(method)) return new Result.Found<>(new Match<>(r.handler, params.get()));
            allowed.add(r.method);
        }
        return allowed.isEmpty() ? new Result.NotFound<>() : new Result.WrongMethod<>(allowed);
    }

    private static Optional<Map<String, String>> match(List<String> pattern, List<String> segments) {
        Map<String, String> params = new HashMap<>();
        int greedy = -1;
        for (int i = 0; i < pattern.size(); i++) if (pattern.get(i).endsWith("...}")) greedy = i;
        if (greedy < 0) {
            if (pattern.size() != segments.size()) return Optional.empty();
            return matchRange(pattern, 0, segments, 0, pattern.size(), params) ? Optional.of(params) : Optional.empty();
        }
        int tail = pattern.size() - greedy - 1;
        int greedyLength = segments.size() - greedy - tail;
        if (greedyLength < 1) return Optional.empty();
        if (!matchRange(pattern, 0, segments, 0, greedy, params)) return Optional.empty();
        if (!matchRange(pattern, greedy + 1, segments, segments.size() - tail, tail, params)) return Optional.empty();
        List<String> captured = new ArrayList<>();
        for (String s : segments.subList(greedy, greedy + greedyLength)) captured.add(UrlPaths.decodeSegment(s));
        String name = pattern.get(greedy);
        params.put(name.substring(1, name.length() - 4), String.join("/", captured));
        return Optional.of(params);
    }

    private static boolean matchRange(List<String> pattern, int p, List<String> segments, int s, int n, Map<String, String> params) {
        for (int i = 0; i < n; i++) {
            String want = pattern.get(p + i);
            String got = segments.get(s + i);
            if (want.startsWith("{") && want.endsWith("}")) {
                if (got.isEmpty()) return false;
                params.put(want.substring(1, want.length() - 1), UrlPaths.decodeSegment(got));
            } else if (!want.equals(got)) {
                return false;
            }
        }
        return true;
    }
}
