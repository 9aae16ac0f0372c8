package gallery.worker.video;

import gallery.imaging.video.BadVideo;
import gallery.imaging.video.VideoContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs ffmpeg and ffprobe on untrusted files, as a parser that may be attacked: bounded in time
 * (killed after {@link VideoConfig#timeout()}), in address space ({@code ulimit -v}) and CPU time
 * ({@code ulimit -t}), reading only the demuxer the file was sniffed as ({@code -f}, and
 * {@code -format_whitelist}) and only local files ({@code -protocol_whitelist file}; the mov
 * demuxer's external data references stay off, its default). stderr goes to a file and its last
 * lines become the failure reason.
 */
public final class Ffmpeg {
    /** Demuxers an input may be read with: MP4/MOV and Matroska/WebM, nothing that opens other files (concat, HLS, image2). */
    static final String FORMAT_WHITELIST = "mov,matroska";
    /** How much of stderr a failure reason keeps. */
    static final int REASON_CHARS = 300;

    private final VideoConfig config;

    public Ffmpeg(VideoConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The options that go before {@code -i}: the sniffed demuxer only, local files only. */
    public static List<String> inputOptions(VideoContainer container) {
        return List.of("-protocol_whitelist", "file", "-format_whitelist", FORMAT_WHITELIST, "-f", container.demuxer());
    }

    /** Runs ffprobe; returns its stdout (JSON). */
    public String probe(String name, VideoContainer container, Path input) {
        List<String> args = new ArrayList<>(List.of("-v", "error"));
        args.addAll(inputOptions(container));
        args.addAll(List.of("-show_streams", "-show_format", "-of", "json", "-i", input.toString()));
        return run(name, "ffprobe", config.ffprobe(), args, true);
    }

    /** Runs ffmpeg with {@code args} after the common options; returns stderr (warnings). */
    public String ffmpeg(String name, String what, List<String> args) {
        List<String> all = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-v", "error", "-y"));
        all.addAll(args);
        return run(name, what, config.ffmpeg(), all, false);
    }

    private String run(String name, String what, Path binary, List<String> args, boolean wantStdout) {
        // sh applies the limits to itself and exec's the tool, which inherits them (dash and bash
        // both count -v in KiB and -t in CPU seconds).
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                "ulimit -v " + (config.memoryMb() * 1024L) + " && ulimit -t " + (config.timeout().toSeconds() * Math.max(1, config.threads()))
                        + " && exec \"$0\" \"$@\"", binary.toString()));
        cmd.addAll(args);
        Path out = null, err = null;
        try {
            out = Files.createTempFile(config.workDir(), "ffmpeg", ".out");
            err = Files.createTempFile(config.workDir(), "ffmpeg", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            boolean finished = p.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new BadVideo(name + ": " + what + " did not finish within " + config.timeout().toSeconds()
                        + " s (FFMPEG_TIMEOUT_SECONDS): the video is too long for this lane, or damaged");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() == 127) throw new IllegalStateException(binary + " is not installed: " + tail(stderr));
            if (p.exitValue() != 0) {
                throw new BadVideo(name + ": " + what + " could not read the video (exit " + p.exitValue() + "): " + reason(stderr));
            }
            return wantStdout ? Files.readString(out, StandardCharsets.UTF_8) : stderr;
        } catch (IOException e) {
            throw new UncheckedIOException("running " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what + " ran on " + name, e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** The last lines of stderr, paths removed, as a failure reason. */
    static String reason(String stderr) {
        String s = tail(stderr);
        return s.isEmpty() ? "no message (killed by a limit?)" : s;
    }

    private static String tail(String stderr) {
        // No paths of the worker's disk and no memory addresses ("[h264 @ 0x5649...]") in a reason users read.
        String s = stderr.strip().replaceAll("(/[^\\s:'\"]+)+/", "").replaceAll(" @ 0x[0-9a-f]+", "").replaceAll("\\s*\\n\\s*", "; ");
        return s.length() <= REASON_CHARS ? s : "..." + s.substring(s.length() - REASON_CHARS);
    }

    private static void delete(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file in the work folder; the next invocation's cleanup takes it
        }
    }
}
