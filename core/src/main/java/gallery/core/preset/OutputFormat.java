package gallery.core.preset;

import java.util.Locale;

/** Formats renditions are written in. */
public enum OutputFormat {
    WEBP("webp", "image/webp"),
    JPEG("jpg", "image/jpeg"),
    AVIF("avif", "image/avif");

    private final String extension;
    private final String contentType;

    OutputFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public static OutputFormat fromExtension(String ext) {
        String e = ext.toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.extension.equals(e) || (f == JPEG && e.equals("jpeg"))) return f;
        }
        throw new IllegalArgumentException("unknown rendition format '" + ext + "': expected webp, jpg or avif");
    }
}
