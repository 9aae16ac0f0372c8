package gallery.core.edge;

import gallery.core.routes.Routes;

import gallery.core.preset.OutputFormat;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the edge does with a protected request once CloudFront (or the local edge) has accepted its
 * signed cookie: the cookie proves its holder may open the URL's access label; this proves the label
 * is the one of the album the URL names. Then the label is dropped, so the cache key and the origin
 * see the object's own path ({@code /renditions/640/photos/...}). A regrouping changes an album's
 * label here and in the API's URLs at once, and the old label's URLs answer 403 before the cache,
 * so no object moves and no invalidation is needed.
 * <p>
 * In AWS this is a CloudFront Function (viewer request) on every protected behaviour, its rules
 * published by the admin tool ({@link #functionSource}); the local edge calls {@link #decide}.
 * Both are tested against one table of cases (EdgeAccessTest runs the function under node).
 *
 * @param rules album → label for every album with a rule ({@link AccessLabels#edgeRules})
 */
public record EdgeAccess(Map<String, String> rules) {
    /** Allowed, with the path to fetch and cache; or refused, with the reason for the log. */
    public record Decision(boolean allowed, int status, String path, String reason) {
        static Decision allow(String path) {
            return new Decision(true, 200, path, null);
        }

        static Decision refuse(int status, String reason) {
            return new Decision(false, status, null, reason);
        }
    }

    public EdgeAccess {
        rules = Map.copyOf(rules);
    }

    /** @param rawPath the normalised path of a request on a protected route */
    public Decision decide(String rawPath) {
        Optional<AccessLabels.Labelled> parsed = AccessLabels.parse(rawPath);
        if (parsed.isEmpty()) return Decision.refuse(403, "no access label in " + rawPath);
        AccessLabels.Labelled l = parsed.get();
        Optional<String> folder = l.folder();
        if (folder.isEmpty()) return Decision.refuse(403, "no photo path in " + rawPath);
        String expected = l.label().startsWith(AccessLabels.SHARE) ? AccessLabels.forShare(folder.get()) : labelOf(folder.get());
        if (!expected.equals(l.label())) {
            return Decision.refuse(403, "label " + l.label() + " does not open folder '" + folder.get() + "'");
        }
        return Decision.allow(l.unlabelled());
    }

    /** The nearest rule of the folder or a parent, as {@link gallery.core.AlbumAccess#groupsOf}; {@code all} without one. */
    String labelOf(String folder) {
        String f = folder;
        while (true) {
            String label = rules.get(f);
            if (label != null) return label;
            if (f.isEmpty()) return AccessLabels.EVERYONE;
            int slash = f.lastIndexOf('/');
            f = slash < 0 ? "" : f.substring(0, slash);
        }
    }

    /**
     * The CloudFront Function (cloudfront-js-2.0, viewer request) doing {@link #decide} with these rules,
     * and on {@code /resize/} also reducing {@code Accept} as {@link gallery.core.routes.ImageAccept} does
     * ({@code acceptBlock}: statements reading and setting {@code request.headers['accept']}). A function's
     * code may be 10 KB: the rules of a family's albums fit (about 40 bytes a rule).
     */
    public String functionSource(String acceptBlock) {
        return source(rules.entrySet().stream()
                .map(e -> gallery.core.Json.write(e.getKey()) + ":" + gallery.core.Json.write(e.getValue()))
                .collect(Collectors.joining(",", "{", "}")), acceptBlock);
    }

    /**
     * What the stack deploys before the admin tool has published any rules: share links open (their check
     * needs no rule), every member URL is refused, so a fresh or redeployed function never opens a group
     * album with the everyone label. {@code ./gallery admin albums publish} (or any {@code albums access})
     * replaces it.
     */
    public static String unpublishedFunctionSource(String acceptBlock) {
        return source("null", acceptBlock);
    }

    private static String source(String rulesJson, String acceptBlock) {
        return """
                var crypto = require('crypto');
                var RULES = %s;
                var PREFIXES = ['%s', '%s', '%s'];
                function refuse(reason) {
                  return { statusCode: 403, statusDescription: 'Forbidden', headers: { 'x-refused': { value: reason } } };
                }
                function labelOf(folder) {
                  if (RULES === null) return '';
                  var f = folder;
                  while (true) {
                    if (Object.prototype.hasOwnProperty.call(RULES, f)) return RULES[f];
                    if (f === '') return '%s';
                    var slash = f.lastIndexOf('/');
                    f = slash < 0 ? '' : f.substring(0, slash);
                  }
                }
                function decide(uri) {
                  var prefix = null;
                  for (var i = 0; i < PREFIXES.length; i++) if (uri.indexOf(PREFIXES[i]) === 0) prefix = PREFIXES[i];
                  if (prefix === null) return { refused: 'no protected prefix' };
                  var slash = uri.indexOf('/', prefix.length);
                  if (slash < 0) return { refused: 'no access label' };
                  var label = uri.substring(prefix.length, slash);
                  if (!/^(all|[gs]-[0-9a-f]{16})$/.test(label)) return { refused: 'no access label' };
                  var unlabelled = prefix + uri.substring(slash + 1);
                  var rest = unlabelled.substring(1);
                  if (prefix !== '%s') {
                    var s = rest.indexOf('/', prefix.length - 1);
                    if (s < 0) return { refused: 'no photo path' };
                    rest = rest.substring(s + 1);
                  }
                  var decoded;
                  try { decoded = decodeURIComponent(rest); } catch (e) { return { refused: 'malformed escape' }; }
                  if (decoded.indexOf('%s') !== 0) return { refused: 'no photo path' };
                  var segments = decoded.split('/');
                  for (var j = 0; j < segments.length; j++) {
                    if (segments[j] === '' || segments[j] === '.' || segments[j] === '..') return { refused: 'no photo path' };
                  }
                  var inner = decoded.substring(%d);
                  var last = inner.lastIndexOf('/');
                  var folder = last < 0 ? '' : inner.substring(0, last);
                  var expected = label.indexOf('%s') === 0
                      ? '%s' + crypto.createHash('sha256').update('share\\n' + folder).digest('hex').substring(0, 16)
                      : labelOf(folder);
                  if (expected !== label) return { refused: 'label does not open this folder' };
                  return { uri: unlabelled, label: label };
                }
                function handler(event) {
                  var request = event.request;
                  var d = decide(request.uri);
                  if (d.refused) return refuse(d.refused);
                  request.uri = d.uri;
                  if (d.uri.indexOf('%s') === 0) {
                    request.headers['x-access-label'] = { value: d.label };
                %s
                  }
                  return request;
                }
                """.formatted(rulesJson,
                Routes.RENDITIONS.protectedPrefix(), Routes.PHOTOS.protectedPrefix(), Routes.RESIZE.protectedPrefix(),
                AccessLabels.EVERYONE, Routes.PHOTOS.protectedPrefix(), gallery.core.PhotoKey.PREFIX,
                gallery.core.PhotoKey.PREFIX.length(), AccessLabels.SHARE, AccessLabels.SHARE,
                Routes.RESIZE.protectedPrefix(), acceptBlock.indent(4).stripTrailing());
    }

    /**
     * The CloudFront Function (viewer response) of {@code /resize/}: the resizer answers redirects to
     * unlabelled paths ({@code /resize/1024x1024/...}, {@code /renditions/resized/...}); this puts the
     * request's label back, so the browser's next request carries the same cookie trio's path.
     */
    public static String redirectLabelSource() {
        return """
                function handler(event) {
                  var response = event.response;
                  var location = response.headers['location'];
                  var label = event.request.headers['x-access-label'];
                  if (!location || !label) return response;
                  var prefixes = ['%s', '%s'];
                  for (var i = 0; i < prefixes.length; i++) {
                    var p = prefixes[i];
                    if (location.value.indexOf(p) === 0) {
                      location.value = p + label.value + '/' + location.value.substring(p.length);
                      break;
                    }
                  }
                  return response;
                }
                """.formatted(Routes.RESIZE.protectedPrefix(), Routes.RENDITIONS.protectedPrefix());
    }

    /** The label put back on a resizer redirect's {@code Location}, as {@link #redirectLabelSource} does. */
    public static String relabel(String location, String label) {
        for (String p : new String[]{Routes.RESIZE.protectedPrefix(), Routes.RENDITIONS.protectedPrefix()}) {
            if (location.startsWith(p)) return p + label + "/" + location.substring(p.length());
        }
        return location;
    }

    /**
     * CloudFront Function (viewer request) with the rule of {@link gallery.core.routes.ImageAccept}:
     * AVIF when accepted, else WebP, else JPEG; a type with {@code q=0} is refused; {@code image/*}
     * alone counts as neither. infra's EdgeTest runs it under node against ImageAccept.
     */
    public static String acceptFunctionSource() {
        return """
                function handler(event) {
                  var request = event.request;
                  var header = request.headers['accept'];
                  var parts = header ? header.value.toLowerCase().split(',') : [];
                  var avif = false, webp = false;
                  for (var i = 0; i < parts.length; i++) {
                    var fields = parts[i].trim().split(';');
                    var type = fields[0].trim();
                    var refused = false;
                    for (var j = 1; j < fields.length; j++) {
                      var f = fields[j].trim();
                      if (f.indexOf('q=') === 0) { refused = parseFloat(f.substring(2)) <= 0; break; }
                    }
                    if (refused) continue;
                    if (type === '%s') avif = true;
                    if (type === '%s') webp = true;
                  }
                  request.headers['accept'] = { value: avif ? '%s' : webp ? '%s' : '%s' };
                  return request;
                }
                """.formatted(OutputFormat.AVIF.contentType(), OutputFormat.WEBP.contentType(),
                OutputFormat.AVIF.contentType(), OutputFormat.WEBP.contentType(), OutputFormat.JPEG.contentType());
    }


    /** The statements of {@link #acceptFunctionSource} run on {@code request}, inside the access function. */
    public static String acceptBlock() {
        return "request = (function () {\n" + acceptFunctionSource().replace("function handler(event)", "function normalizeAccept(event)")
                + "return normalizeAccept({ request: request });\n})();";
    }
}
