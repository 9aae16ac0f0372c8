package gallery.local;

import gallery.core.PhotoFiles;
import gallery.core.PhotoKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Photos on this machine and the keys they get in the originals bucket: a folder is an album
 * ({@code photos/<folder name>/<file>}), and its subfolders are albums of their own
 * ({@code photos/<folder name>/<sub>/<file>}, whose album is {@code <folder name>/<sub>}).
 */
public final class LocalPhotos {
    /** What the ingest gate accepts; other files (notes, sidecars, videos) are left out rather than failed. */

    /** One file and the key it is uploaded to. */
    public record LocalPhoto(Path file, PhotoKey key) {
    }

    private LocalPhotos() {
    }

    /** Every photo under {@code dir}, in a stable order; hidden files and folders are skipped. */
    public static List<LocalPhoto> inFolder(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--photos " + dir + ": not a folder");
        Path root = dir.toAbsolutePath().normalize();
        String album = root.getFileName() == null ? "photos" : root.getFileName().toString();
        List<LocalPhoto> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                Path rel = root.relativize(f);
                if (hidden(rel) || !isPhoto(f)) continue;
                out.add(new LocalPhoto(f, PhotoKey.of(PhotoKey.PREFIX + album + "/" + slashes(rel))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The sample photos from Debian's {@code mate-backgrounds} (real 2560 px JPEGs and an 18 MP one)
     * and a 24 MP camera JPEG with full EXIF from the {@code exif} npm package in tools/; whichever
     * are installed.
     */
    public static List<LocalPhoto> samples(Path toolsDir) {
        List<LocalPhoto> out = new ArrayList<>();
        Path nature = Path.of("/usr/share/backgrounds/mate/nature");
        if (Files.isDirectory(nature)) {
            for (LocalPhoto p : inFolder(nature)) out.add(new LocalPhoto(p.file(), PhotoKey.of("photos/Nature/" + p.file().getFileName())));
        }
        Path elephants = Path.of("/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg");
        if (Files.isRegularFile(elephants)) out.add(new LocalPhoto(elephants, PhotoKey.of("photos/Abstract/Elephants_5640x3172.jpg")));
        Path camera = toolsDir.resolve("node_modules/exif/test/sony-alpha-6000.jpg");
        if (Files.isRegularFile(camera)) out.add(new LocalPhoto(camera, PhotoKey.of("photos/Camera/sony-alpha-6000.jpg")));
        return out;
    }

    static boolean isPhoto(Path f) {
        return PhotoFiles.isPhoto(f.getFileName().toString());
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) if (part.toString().startsWith(".")) return true;
        return false;
    }

    private static String slashes(Path rel) {
        List<String> parts = new ArrayList<>();
        for (Path part : rel) parts.add(part.toString());
        return String.join("/", parts);
    }
}
