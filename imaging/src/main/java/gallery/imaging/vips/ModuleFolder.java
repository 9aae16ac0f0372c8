package gallery.imaging.vips;

import com.sun.jna.Library;
import com.sun.jna.Native;
import gallery.core.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes {@code vips_init} load only the modules that carry an allowed loader (Debian's libvips 8.14:
 * {@code vips-heif.so} of {@code vips-heif, vips-jxl, vips-magick, vips-openslide, vips-poppler}).
 *
 * <p>Why: libvips loads every module in {@code <libdir>/vips-modules-<major>.<minor>} into the
 * process's global symbol scope. The openslide module links the system libsqlite3, whose
 * {@code sqlite3_*} symbols then win over those of any sqlite built into a library loaded without
 * global scope, such as the one inside DynamoDB Local (sqlite4java). Its calls end up half in one
 * sqlite, half in the other, and a process running both (the local stack, the integration tests)
 * saw its prepared statements corrupted: DynamoDB Local answered queries with HTTP 500 "SQL
 * construction issue, invalid number of binds", for the rest of the process. Besides, loaders we
 * block anyway (ImageMagick, poppler, openslide) need not be mapped into the process at all.
 *
 * <p>How: libvips finds its modules under {@code $VIPSHOME}'s libdir when that variable is set. Before
 * {@code vips_init}, a private prefix is made in a temporary folder holding links to the allowed
 * modules only, and {@code VIPSHOME} points there; after {@code vips_init} the modules are resident,
 * the variable is unset and the folder removed. A libvips without a modules folder next to it (the
 * npm prebuilt one has every format built in) or a {@code VIPSHOME} set by the user is left alone.
 */
final class ModuleFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleFolder.class);
    static final String ENV = "VIPSHOME";

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);
    }

    private final LibC libc;
    private final Path prefix;
    private final List<String> kept;
    private final List<String> skipped;

    private ModuleFolder(LibC libc, Path prefix, List<String> kept, List<String> skipped) {
        this.libc = libc;
        this.prefix = prefix;
        this.kept = kept;
        this.skipped = skipped;
    }

    /**
     * Prepares the private module folder for the libvips just loaded (not yet initialised), or
     * returns empty when there is nothing to restrict. Never throws: on any failure libvips loads its
     * modules as it would have.
     *
     * @param library  the libvips file mapped into this process
     * @param allowed  loader nicknames, e.g. {@code heifload_buffer}; module {@code vips-heif.so} serves {@code heif}
     */
    static Optional<ModuleFolder> restrict(VipsLibrary lib, Path library, List<String> allowed) {
        Path system = library.getParent().resolve("vips-modules-" + lib.vips_version(0) + "." + lib.vips_version(1));
        if (!Files.isDirectory(system)) return Optional.empty();
        if (System.getenv(ENV) != null) {
            LOG.info("{} is set: libvips loads the modules it finds there, not only those of {}", ENV, allowed);
            return Optional.empty();
        }
        Path prefix = null;
        try {
            LibC libc = Native.load("c", LibC.class);
            prefix = Files.createTempDirectory("gallery-vips-");
            if (libc.setenv(ENV, prefix.toString(), 1) != 0) throw new IOException("setenv " + ENV + " failed");
            // libvips derives the libdir from the prefix its own way (Debian's: <prefix>/x86_64-linux-gnu); ask it.
            Path libdir = Path.of(lib.vips_guess_libdir("gallery", ENV));
            if (!libdir.startsWith(prefix)) throw new IOException("libvips looks for modules in " + libdir + ", not under " + prefix);
            Path modules = Files.createDirectories(libdir.resolve(system.getFileName()));
            List<String> kept = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            try (Stream<Path> files = Files.list(system)) {
                for (Path module : files.sorted().toList()) {
                    String name = module.getFileName().toString();
                    if (allowed.contains(loaderOf(name))) {
                        Files.createSymbolicLink(modules.resolve(name), module);
                        kept.add(name);
                    } else {
                        skipped.add(name);
                    }
                }
            }
            return Optional.of(new ModuleFolder(libc, prefix, kept, skipped));
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            LOG.warn("cannot limit libvips to the modules of {} ({}); it loads every module in {}", allowed, e.getMessage(), system);
            if (prefix != null) deleteTree(prefix);
            return Optional.empty();
        }
    }

    /** {@code vips-heif.so} → {@code heifload_buffer}: the buffer loader a module is named for. */
    static String loaderOf(String moduleFile) {
        String base = moduleFile.replaceFirst("\\.so$", "");
        return (base.startsWith("vips-") ? base.substring(5) : base) + "load_buffer";
    }

    List<String> kept() {
        return kept;
    }

    List<String> skipped() {
        return skipped;
    }

    /** After {@code vips_init}: the modules are resident, the links and the variable are no longer needed. */
    @Override
    public void close() {
        libc.unsetenv(ENV);
        deleteTree(prefix);
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", dir, e.toString());
        }
    }
}
