package gallery.imaging.vips;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The loaded libvips, initialised once per process. Finds the library (an explicit path, else the
 * system's libvips, else the prebuilt one shipped in the npm package
 * {@code @img/sharp-libvips-linux-<arch>}), turns the operation cache off (every render reads a
 * different original, so cached operations would only hold memory), sets the worker threads, and
 * blocks every loader but the {@link #ALLOWED_LOADERS} (libvips 8.13+).
 *
 * <p>Why block: a libvips that picks the loader itself ({@code vips_image_new_from_buffer},
 * {@code vips_thumbnail_buffer}) walks every loader's sniffer and falls through to the next one when
 * the first declines. Debian's libvips loads modules for ImageMagick, poppler and openslide, so a TIFF
 * that libtiff refused was parsed by ImageMagick instead. The renderer never lets libvips pick (it
 * calls {@link #loadBuffer} with the sniffed type's loader); the block covers every other path.
 */
public final class Vips {
    private static final Logger LOG = LoggerFactory.getLogger(Vips.class);

    public static final int SIZE_DOWN = 2;
    public static final int ACCESS_SEQUENTIAL = 1;
    public static final int FAIL_ON_TRUNCATED = 1;
    public static final int INTERPRETATION_B_W = 1;
    public static final int INTERPRETATION_SRGB = 22;
    public static final int INTERPRETATION_RGB16 = 25;
    public static final int FORMAT_UCHAR = 0;
    public static final int HEIF_COMPRESSION_AV1 = 4;
    /** {@code VIPS_OPERATION_BLOCKED} in {@code VipsOperationFlags}. */
    static final int OPERATION_BLOCKED = 32;

    /** The buffer loaders of the formats we accept; every other loader is blocked at start-up. */
    public static final List<String> ALLOWED_LOADERS = List.of("jpegload_buffer", "pngload_buffer", "webpload_buffer",
            "gifload_buffer", "tiffload_buffer", "heifload_buffer");

    /** The error buffer is one per process: read and clear it under one lock so messages stay whole. */
    private static final Object ERROR_LOCK = new Object();
    private static Vips instance;

    private final VipsLibrary lib;
    private final String library;
    private final String version;
    private final Map<String, Boolean> loaders;
    private boolean othersBlocked;

    private Vips(VipsLibrary lib, String library) {
        this.lib = lib;
        this.library = library;
        this.version = lib.vips_version_string();
        Map<String, Boolean> found = new LinkedHashMap<>();
        for (String nick : ALLOWED_LOADERS) {
            found.put(nick, lib.vips_type_find("VipsOperation", nick) != 0);
        }
        this.loaders = Map.copyOf(found);
    }

    /**
     * Blocks the operations libvips marks untrusted (loaders built on libraries not fuzzed for
     * hostile input: ImageMagick, poppler, openslide, matio...), then every loader outside the
     * allow-list, which also covers trusted ones we have no use for (PPM, Radiance, FITS, SVG...).
     * Both calls arrived in libvips 8.13; an older library runs without the block, and says so.
     */
    private boolean blockOtherLoaders() {
        try {
            lib.vips_block_untrusted_set(1);
        } catch (UnsatisfiedLinkError e) {
            LOG.warn("libvips {} from {} has no vips_block_untrusted_set (8.13+): loaders outside {} are not blocked;"
                    + " only the renderer's choice of loader keeps them from untrusted bytes", version, library, ALLOWED_LOADERS);
            return false;
        }
        // Blocking a class blocks its subclasses; each allowed buffer loader's own class is let through again.
        lib.vips_operation_block_set("VipsForeignLoad", 1);
        for (String nick : ALLOWED_LOADERS) {
            long type = lib.vips_type_find("VipsOperation", nick);
            if (type != 0) lib.vips_operation_block_set(lib.g_type_name(type), 0);
        }
        return true;
    }

    /**
     * Loads and initialises libvips once. Later calls return the same instance; asking for a
     * different explicit library after the first load is a configuration error, since a process
     * can hold only one libvips.
     *
     * @param explicit    a path from configuration; when given, it is the only candidate
     * @param concurrency libvips worker threads per pipeline (0 leaves libvips' default)
     */
    public static synchronized Vips load(Optional<Path> explicit, int concurrency) {
        if (instance == null) {
            Vips v = open(explicit);
            // The operation cache would only hold memory: every render reads a different original.
            v.lib.vips_cache_set_max(0);
            v.othersBlocked = v.blockOtherLoaders();
            instance = v;
            LOG.info("libvips {} loaded from {}; decoders: {}; other loaders {}", instance.version, instance.library,
                    instance.decoders(), instance.othersBlocked ? "blocked" : "NOT blocked (libvips older than 8.13)");
        } else if (explicit.isPresent() && !explicit.get().toAbsolutePath().toString().equals(instance.library)) {
            throw new IllegalStateException("libvips is already loaded from " + instance.library
                    + "; cannot also load " + explicit.get());
        }
        if (concurrency > 0) instance.lib.vips_concurrency_set(concurrency);
        return instance;
    }

    private static Vips open(Optional<Path> explicit) {
        List<String> candidates = new ArrayList<>();
        if (explicit.isPresent()) {
            Path p = explicit.get().toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("VIPS_LIBRARY=" + explicit.get() + " does not exist: expected the path of libvips.so");
            }
            candidates.add(p.toString());
        } else {
            // Debian/Ubuntu libvips42; there is no unversioned libvips.so without the -dev package.
            candidates.add("libvips.so.42");
            candidates.add("vips");
            candidates.addAll(npmPrebuilt());
        }
        List<String> failures = new ArrayList<>();
        for (String c : candidates) {
            try {
                VipsLibrary lib = Native.load(c, VipsLibrary.class);
                Optional<ModuleFolder> modules = mappedFile(c).flatMap(f -> ModuleFolder.restrict(lib, f, ALLOWED_LOADERS));
                // vips_init must precede every other call, including the type lookups in the constructor.
                try {
                    if (lib.vips_init("gallery") != 0) {
                        throw new IllegalStateException("vips_init failed for " + c + ": " + takeError(lib));
                    }
                } finally {
                    modules.ifPresent(ModuleFolder::close);
                }
                modules.ifPresent(m -> LOG.info("libvips modules loaded: {}; not loaded (no allowed loader): {}", m.kept(), m.skipped()));
                return new Vips(lib, c);
            } catch (UnsatisfiedLinkError e) {
                failures.add(c + " (" + firstLine(e.getMessage()) + ")");
            }
        }
        throw new IllegalStateException("libvips not found: tried " + String.join(", ", failures)
                + ". Install libvips42 (apt-get install libvips42), run `npm ci` in tools/ for the prebuilt one,"
                + " or set VIPS_LIBRARY to its path");
    }

    /**
     * The prebuilt libvips from npm is a single shared object that only loads by absolute path.
     * Look for tools/node_modules beside the working directory and each of its parents, so the
     * admin tool, tests (run from a module directory) and the local stack all find it.
     */
    static List<String> npmPrebuilt() {
        String arch = switch (System.getProperty("os.arch")) {
            case "aarch64", "arm64" -> "arm64";
            default -> "x64";
        };
        List<String> out = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (String nm : List.of("tools/node_modules", "node_modules")) {
                Path lib = dir.resolve(nm).resolve("@img/sharp-libvips-linux-" + arch).resolve("lib");
                if (!Files.isDirectory(lib)) continue;
                try (Stream<Path> files = Files.list(lib)) {
                    files.filter(f -> f.getFileName().toString().startsWith("libvips-cpp.so"))
                            .max(Comparator.comparing(Path::toString))
                            .ifPresent(f -> out.add(f.toAbsolutePath().toString()));
                } catch (IOException e) {
                    LOG.debug("cannot list {}: {}", lib, e.toString());
                }
            }
        }
        return out;
    }

    /**
     * The file a library was loaded from: {@code candidate} itself when it is a path, else the first
     * mapping of this process named {@code libvips*.so*} (Linux' /proc/self/maps); empty elsewhere.
     */
    static Optional<Path> mappedFile(String candidate) {
        if (candidate.contains("/")) return Optional.of(Path.of(candidate));
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.map(l -> l.substring(l.indexOf('/') < 0 ? l.length() : l.indexOf('/')))
                    .filter(f -> !f.isEmpty())
                    .map(Path::of)
                    .filter(f -> f.getFileName().toString().startsWith("libvips") && f.getFileName().toString().contains(".so"))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Reads and clears libvips' process-wide error buffer. {@code vips_error_buffer_copy} (8.9+) copies
     * and clears under libvips' own lock, so a message another thread appends meanwhile is neither torn
     * nor lost (reading {@code vips_error_buffer} then clearing could drop one). The buffer is still one
     * per process: when two threads fail at once, the first to read takes both messages and the other
     * reports an unknown error, but each thread still fails.
     */
    static String takeError(VipsLibrary lib) {
        synchronized (ERROR_LOCK) {
            Pointer p = lib.vips_error_buffer_copy();
            String msg = null;
            if (p != null) {
                try {
                    msg = p.getString(0, "UTF-8");
                } finally {
                    lib.g_free(p);
                }
            }
            return msg == null || msg.isBlank() ? "unknown libvips error" : msg.strip().replace('\n', ';');
        }
    }

    private VipsException failure(String operation) {
        return new VipsException(operation, takeError(lib));
    }

    /** Where the library was loaded from (a path or a soname). */
    public String library() {
        return library;
    }

    /** e.g. {@code 8.14.1}. */
    public String version() {
        return version;
    }

    public int majorVersion() {
        return lib.vips_version(0);
    }

    public int minorVersion() {
        return lib.vips_version(1);
    }

    /** Whether a buffer loader is compiled in, e.g. {@code heifload_buffer}. */
    public boolean hasLoader(String nickname) {
        return loaders.getOrDefault(nickname, lib.vips_type_find("VipsOperation", nickname) != 0);
    }

    /** Whether untrusted operations and every loader outside {@link #ALLOWED_LOADERS} are blocked (libvips 8.13+). */
    public boolean blocksOtherLoaders() {
        return othersBlocked;
    }

    /**
     * Whether libvips refuses to run this operation (e.g. {@code magickload_buffer}); false when it
     * has no such operation at all.
     */
    public boolean isBlocked(String nickname) {
        if (!hasOperation(nickname)) return false;
        Pointer op = lib.vips_operation_new(nickname);
        if (op == null) {
            takeError(lib);
            return false;
        }
        try {
            return (lib.vips_operation_get_flags(op) & OPERATION_BLOCKED) != 0;
        } finally {
            lib.g_object_unref(op);
        }
    }

    /** Whether a buffer saver is compiled in, e.g. {@code heifsave_buffer}. */
    public boolean hasSaver(String nickname) {
        return hasOperation(nickname);
    }

    /** Whether libvips has this operation at all (compiled in, or from a loaded module), e.g. {@code magickload_buffer}. */
    public boolean hasOperation(String nickname) {
        return lib.vips_type_find("VipsOperation", nickname) != 0;
    }

    /** The loaders present, by nickname without the {@code load_buffer} suffix (jpeg, png, ...). */
    public List<String> decoders() {
        return loaders.entrySet().stream().filter(Map.Entry::getValue)
                .map(e -> e.getKey().replace("load_buffer", "")).toList();
    }

    /** The loader libvips would pick for these bytes, e.g. {@code VipsForeignLoadJpegBuffer}; empty if none. */
    public Optional<String> findLoader(NativeBuffer buffer) {
        String name = lib.vips_foreign_find_load_buffer(buffer.memory(), buffer.size());
        if (name == null) takeError(lib);
        return Optional.ofNullable(name);
    }

    /**
     * Copies bytes to native memory that libvips can read from for as long as images hold it. The
     * caller owns one reference and should {@link NativeBuffer#close close} it when done; the memory
     * is freed when that reference and every image reading it are closed (or, if the caller never
     * closes it, when the garbage collector gets to it).
     */
    public NativeBuffer buffer(byte[] bytes) {
        if (bytes.length == 0) throw new IllegalArgumentException("empty buffer");
        Memory m = new Memory(bytes.length);
        m.write(0, bytes, 0, bytes.length);
        return new NativeBuffer(m, bytes.length);
    }

    /** Buffers from {@link #buffer} not yet freed by their last {@link NativeBuffer#close}, in this process. */
    public static long liveBuffers() {
        return NativeBuffer.LIVE.get();
    }

    /** {@link VipsImage}s made and not yet closed, in this process. */
    public static long liveImages() {
        return VipsImage.LIVE.get();
    }

    /**
     * Opens an image from a buffer with the named loader, never another: libvips reads the header
     * now and decodes pixels on demand. This is how untrusted bytes must be opened, with the loader
     * of the type sniffed from them.
     *
     * @param loader one of {@link #ALLOWED_LOADERS}, e.g. {@code jpegload_buffer}
     * @param options the loader's options ({@code access}, {@code fail_on}, and for JPEG {@code shrink},
     *                for WebP {@code scale}: shrink-on-load)
     */
    public VipsImage loadBuffer(String loader, NativeBuffer buffer, Object... options) {
        PointerByReference out = new PointerByReference();
        Object[] args = terminated(options);
        int rc = switch (loader) {
            case "jpegload_buffer" -> lib.vips_jpegload_buffer(buffer.memory(), buffer.size(), out, args);
            case "pngload_buffer" -> lib.vips_pngload_buffer(buffer.memory(), buffer.size(), out, args);
            case "webpload_buffer" -> lib.vips_webpload_buffer(buffer.memory(), buffer.size(), out, args);
            case "gifload_buffer" -> lib.vips_gifload_buffer(buffer.memory(), buffer.size(), out, args);
            case "tiffload_buffer" -> lib.vips_tiffload_buffer(buffer.memory(), buffer.size(), out, args);
            case "heifload_buffer" -> lib.vips_heifload_buffer(buffer.memory(), buffer.size(), out, args);
            default -> throw new IllegalArgumentException("loader " + loader + " is not one of " + ALLOWED_LOADERS);
        };
        if (rc != 0) throw failure(loader);
        return new VipsImage(lib, out.getValue(), buffer);
    }

    /**
     * Opens an image from a buffer reading only its header, with the loader libvips picks from the
     * content. Only for bytes we made ourselves; untrusted bytes go through {@link #loadBuffer}.
     */
    public VipsImage header(NativeBuffer buffer, Object... options) {
        Pointer p = lib.vips_image_new_from_buffer(buffer.memory(), buffer.size(), "", terminated(options));
        if (p == null) throw failure("new_from_buffer");
        return new VipsImage(lib, p, buffer);
    }

    /**
     * {@code vips_thumbnail_buffer}: shrink-on-load to fit {@code width} (and a {@code height} option),
     * with the loader libvips picks. Only for bytes we made ourselves; see {@link #loadBuffer}.
     */
    public VipsImage thumbnail(NativeBuffer buffer, int width, Object... options) {
        PointerByReference out = new PointerByReference();
        if (lib.vips_thumbnail_buffer(buffer.memory(), buffer.size(), out, width, terminated(options)) != 0) {
            throw failure("thumbnail_buffer");
        }
        return new VipsImage(lib, out.getValue(), buffer);
    }

    /**
     * A new image holding a copy of packed, band-interleaved pixels (rows of {@code width * bands}
     * samples), e.g. what another decoder produced; {@code format} is {@link #FORMAT_UCHAR} or another
     * {@code VipsBandFormat}, {@code interpretation} e.g. {@link #INTERPRETATION_SRGB}. Without one,
     * libvips takes 16-bit RGB for "multiband" and clips it to 8 bits when asked for sRGB.
     */
    public VipsImage fromMemory(Pointer data, long size, int width, int height, int bands, int format, int interpretation) {
        Pointer p = lib.vips_image_new_from_memory_copy(data, size, width, height, bands, format);
        if (p == null) throw failure("new_from_memory_copy");
        try (VipsImage raw = new VipsImage(lib, p, null)) {
            PointerByReference out = new PointerByReference();
            if (lib.vips_copy(raw.handle(), out, "interpretation", interpretation, null) != 0) throw failure("copy");
            return new VipsImage(lib, out.getValue(), null);
        }
    }

    /** Attaches a copy of a binary field, e.g. {@code icc-profile-data}. */
    public void setBlob(VipsImage image, String name, Pointer data, long length) {
        lib.vips_image_set_blob_copy(image.handle(), name, data, length);
    }

    /** {@code vips_thumbnail_image}: shrink an image already in hand (no shrink-on-load). */
    public VipsImage thumbnail(VipsImage in, int width, Object... options) {
        PointerByReference out = new PointerByReference();
        if (lib.vips_thumbnail_image(in.handle(), out, width, terminated(options)) != 0) {
            throw failure("thumbnail_image");
        }
        return new VipsImage(lib, out.getValue(), in.source());
    }

    /**
     * Removes the alpha band, compositing the image over a solid {@code background} (one value per
     * colour band, e.g. 255, 255, 255 for white sRGB).
     */
    public VipsImage flatten(VipsImage in, double... background) {
        Pointer array = lib.vips_array_double_new(background, background.length);
        try {
            PointerByReference out = new PointerByReference();
            if (lib.vips_flatten(in.handle(), out, "background", array, null) != 0) throw failure("flatten");
            return new VipsImage(lib, out.getValue(), in.source());
        } finally {
            lib.vips_area_unref(array);
        }
    }

    public VipsImage colourspace(VipsImage in, int interpretation) {
        PointerByReference out = new PointerByReference();
        if (lib.vips_colourspace(in.handle(), out, interpretation, (Object) null) != 0) throw failure("colourspace");
        return new VipsImage(lib, out.getValue(), in.source());
    }

    /** A new image sharing pixels with {@code in}, whose metadata may be changed safely. */
    public VipsImage copy(VipsImage in) {
        PointerByReference out = new PointerByReference();
        if (lib.vips_copy(in.handle(), out, (Object) null) != 0) throw failure("copy");
        return new VipsImage(lib, out.getValue(), in.source());
    }

    /**
     * Runs the pipeline behind {@code in} once into memory. Anything encoded twice, or shrunk
     * again, must come from such a copy, or libvips recomputes the whole pipeline each time.
     * The result no longer reads the source buffer.
     */
    public VipsImage copyMemory(VipsImage in) {
        Pointer p = lib.vips_image_copy_memory(in.handle());
        if (p == null) throw failure("copy_memory");
        return new VipsImage(lib, p, null);
    }

    /** The pixels, band-interleaved, one byte per sample for an 8-bit image. */
    public byte[] pixels(VipsImage in) {
        LongByReference size = new LongByReference();
        Pointer p = lib.vips_image_write_to_memory(in.handle(), size);
        if (p == null) throw failure("write_to_memory");
        try {
            return p.getByteArray(0, Math.toIntExact(size.getValue()));
        } finally {
            lib.g_free(p);
        }
    }

    public byte[] webp(VipsImage in, Object... options) {
        return save("webpsave_buffer", in, options);
    }

    public byte[] jpeg(VipsImage in, Object... options) {
        return save("jpegsave_buffer", in, options);
    }

    public byte[] heif(VipsImage in, Object... options) {
        return save("heifsave_buffer", in, options);
    }

    private byte[] save(String op, VipsImage in, Object... options) {
        PointerByReference buf = new PointerByReference();
        LongByReference len = new LongByReference();
        Object[] args = terminated(options);
        int rc = switch (op) {
            case "webpsave_buffer" -> lib.vips_webpsave_buffer(in.handle(), buf, len, args);
            case "jpegsave_buffer" -> lib.vips_jpegsave_buffer(in.handle(), buf, len, args);
            case "heifsave_buffer" -> lib.vips_heifsave_buffer(in.handle(), buf, len, args);
            default -> throw new IllegalArgumentException(op);
        };
        if (rc != 0) throw failure(op);
        Pointer p = buf.getValue();
        try {
            return p.getByteArray(0, Math.toIntExact(len.getValue()));
        } finally {
            lib.g_free(p);
        }
    }

    /** Appends the NULL that ends a libvips varargs option list. */
    private static Object[] terminated(Object[] options) {
        if (options.length % 2 != 0) throw new IllegalArgumentException("options must be name/value pairs");
        Object[] out = java.util.Arrays.copyOf(options, options.length + 1);
        out[options.length] = null;
        return out;
    }

    /**
     * Native memory holding an input file, and its length, reference-counted: the caller's own
     * reference plus one per open image that may read from it. libvips reads a buffer lazily (pixels
     * are decoded when asked for), so the memory must outlive every image loaded from it; without
     * the count a 24 MP original's copy stayed allocated until the garbage collector ran, which on a
     * busy JVM with a small heap may be many renders later.
     */
    public static final class NativeBuffer implements AutoCloseable {
        static final java.util.concurrent.atomic.AtomicLong LIVE = new java.util.concurrent.atomic.AtomicLong();

        private final Memory memory;
        private final long size;
        private final java.util.concurrent.atomic.AtomicInteger refs = new java.util.concurrent.atomic.AtomicInteger(1);
        private final java.util.concurrent.atomic.AtomicBoolean ownerClosed = new java.util.concurrent.atomic.AtomicBoolean();

        NativeBuffer(Memory memory, long size) {
            this.memory = memory;
            this.size = size;
            LIVE.incrementAndGet();
        }

        public Memory memory() {
            if (refs.get() <= 0) throw new IllegalStateException("native buffer already freed");
            return memory;
        }

        public long size() {
            return size;
        }

        /** One more image reads this memory. */
        void acquire() {
            int n;
            do {
                n = refs.get();
                if (n <= 0) throw new IllegalStateException("native buffer already freed");
            } while (!refs.compareAndSet(n, n + 1));
        }

        /** An image reading this memory was closed. */
        void release() {
            if (refs.decrementAndGet() == 0) {
                memory.close();
                LIVE.decrementAndGet();
            }
        }

        /** Drops the caller's reference; the memory goes with the last image reading it. Idempotent. */
        @Override
        public void close() {
            if (ownerClosed.compareAndSet(false, true)) release();
        }
    }
}
