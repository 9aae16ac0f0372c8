package gallery.bench;

/** One rendered size as an engine produced it: what was asked, what came out. */
public record Rendition(int size, int width, int height, long bytes) {
}
