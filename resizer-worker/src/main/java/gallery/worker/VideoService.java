package gallery.worker;

import gallery.core.deploy.StoragePlan;
import gallery.core.PhotoKey;
import gallery.core.RenderJob;
import gallery.core.RenditionKey;
import gallery.core.VideoCopyKey;
import gallery.lambda.PermanentFailure;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import gallery.imaging.BadImage;
import gallery.imaging.RenderResult;
import gallery.imaging.Renderer;
import gallery.imaging.video.BadVideo;
import gallery.imaging.video.VideoContainer;
import gallery.imaging.video.VideoGate;
import gallery.imaging.video.VideoHeader;
import gallery.core.edge.EdgeInvalidation;
import gallery.index.DerivedObjects;
import gallery.index.Outcomes.RenderOutcome;
import gallery.index.PhotoIndex;
import gallery.core.PhotoMetadata;
import gallery.index.PhotoRow;
import gallery.index.PhotoStatus;
import gallery.index.Rendered;
import gallery.core.Rendition;
import gallery.index.Video;
import gallery.worker.video.Ffmpeg;
import gallery.worker.video.Probe;
import gallery.worker.video.VideoConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import gallery.aws.S3Objects;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one video into what the gallery shows: a poster frame, rendered through the same renderer
 * and preset sizes as a photo (so grid, placeholder and srcset work unchanged), and a web-playable
 * copy ({@link VideoCopyKey}: H.264 High + AAC, faststart, long edge at most {@code VIDEO_MAX_EDGE},
 * metadata stripped; a remux when the original is already H.264/AAC small enough, else a transcode).
 * Marks the row READY. A video ffmpeg cannot read, too long, or without a picture is FAILED with the
 * reason ({@link PermanentFailure}); anything else is retried.
 */
public final class VideoService {
    private static final Logger LOG = LoggerFactory.getLogger(VideoService.class);
    /** Where a poster frame is taken when the video is long enough: past the first second's fades and focus hunting. */
    static final double POSTER_AT_SECONDS = 1.0;
    /** Frames the thumbnail filter compares around that point to pick the most representative (never an all-black one). */
    static final int POSTER_CANDIDATES = 12;

    private final VideoConfig config;
    private final S3Client s3;
    private final S3Objects objects;
    private final PhotoIndex index;
    private final Renderer renderer;
    private final Ffmpeg ffmpeg;
    private final DerivedObjects derived;

    public VideoService(VideoConfig config, S3Client s3, PhotoIndex index, Renderer renderer) {
        this.config = Objects.requireNonNull(config, "config");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.objects = new S3Objects(s3);
        this.index = Objects.requireNonNull(index, "index");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.ffmpeg = new Ffmpeg(config);
        this.derived = new DerivedObjects(s3, config.derivedBucket(), index, EdgeInvalidation.NONE);
    }

    public enum Result { DONE, SKIPPED }

    /** What one video became, before it is written. */
    record Outputs(RenderResult poster, Path copy, boolean transcoded, Probe probe, VideoContainer container) {
    }

    public Result process(RenderJob job, boolean redelivered) {
        PhotoKey key;
        try {
            key = job.photoKey();
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("video job names " + e.getMessage(), e);
        }
        Preset preset = Presets.byName(job.preset()).orElseThrow(() -> new PermanentFailure(
                "video job for " + job.key() + " names preset '" + job.preset() + "': " + Presets.expected()));
        Optional<PhotoRow> found = index.get(key);
        if (found.isEmpty()) {
            LOG.info("{} is not in the index (deleted); video job skipped", key);
            return Result.SKIPPED;
        }
        PhotoRow row = found.get();
        String eTag = job.eTag() != null ? job.eTag() : row.version().eTag();
        String versionId = job.versionId();
        if (!Objects.equals(row.version().eTag(), eTag)) {
            if (!redelivered || row.status() == PhotoStatus.FAILED) {
                LOG.info("{} video job is for eTag {} but the item is now {}; skipped", key, eTag, row.version().eTag());
                return Result.SKIPPED;
            }
            // An earlier attempt gave up after writing (the item was replaced meanwhile): make the current one.
            eTag = row.version().eTag();
            versionId = row.version().versionId();
        } else if (row.status() == PhotoStatus.READY && preset.name().equals(row.rendering().presetName())
                && Integer.valueOf(preset.version()).equals(row.rendering().presetVersion()) && row.video() != null && row.video().copyBytes() > 0) {
            LOG.info("{} already has its poster and copy; video job skipped", key);
            return Result.SKIPPED;
        }

        Path dir = tempDir();
        try {
            Path original = download(job.bucket(), key, versionId, eTag, dir.resolve("original"));
            if (original == null) return Result.SKIPPED;
            Outputs out;
            try {
                out = make(key.value(), original, dir, preset);
            } catch (BadVideo | BadImage bad) {
                RenderOutcome outcome = index.markFailed(key, eTag, bad.getMessage());
                LOG.warn("{} cannot be shown ({}): {}", key, outcome, bad.getMessage());
                throw new PermanentFailure(bad.getMessage(), bad);
            }
            // One read for the claim and the completion (PhotoIndex.Round).
            PhotoIndex.Round check = index.round(key);
            Optional<PhotoRow> now = check.row();
            if (now.isEmpty() || !eTag.equals(now.get().version().eTag())) {
                LOG.info("{} changed while its video was processed; outputs of eTag {} not written", key, eTag);
                return Result.SKIPPED;
            }
            // Recorded before written, as a photo's renditions are (DerivedRecord): the copy too, so a removal,
            // a replacement or a refusal deletes it from the record, never by a guessed name.
            List<String> keys = keysOf(key, out);
            RenderOutcome claimed = check.claimDerived(eTag, keys);
            if (claimed != RenderOutcome.UPDATED) {
                LOG.info("{} changed before its video outputs of eTag {} were recorded ({}); not written", key, eTag, claimed);
                return Result.SKIPPED;
            }
            List<String> written = write(key, out);
            long copyBytes = size(out.copy());
            Probe p = out.probe();
            String codec = row.video() != null && row.video().codec() != null ? row.video().codec() : p.videoCodec();
            boolean plays = out.container() != VideoContainer.MATROSKA && VideoHeader.Codecs.isH264(p.videoCodec())
                    && (p.audioCodec() == null || VideoHeader.Codecs.isAac(p.audioCodec()));
            Rendered rendered = new Rendered(new PhotoMetadata(p.width(), p.height(), null, null, null, null, null),
                    out.poster().placeholder(), preset.name(), preset.version(), out.poster().described(),
                    new Video(p.durationMillis(), codec, plays, copyBytes));
            RenderOutcome outcome = check.completeRender(eTag, rendered, keys, written);
            switch (outcome) {
                case UPDATED -> {
                    // What no longer belongs: an earlier preset's poster sizes. The edge's copies of this version are
                    // left to the version's own removal (DerivedRecord.cached), which ingest invalidates.
                    derived.cleanUp(key, null);
                    LOG.info("{} ready: {}x{}, {} ms, poster in {} sizes, copy {} ({} bytes)", key, p.width(), p.height(), p.durationMillis(),
                            rendered.renditions().size(), out.transcoded() ? "transcoded" : "remuxed", copyBytes);
                    return Result.DONE;
                }
                case GONE -> {
                    derived.delete(written);
                    LOG.info("{} was deleted while its video was processed; outputs removed again", key);
                    return Result.DONE;
                }
                default -> throw new IllegalStateException("video " + key + " was replaced (or made again) while its outputs were written; "
                        + "retrying, the retry makes the current version's");
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Probe, limits, poster, copy: everything ffmpeg and libvips do, on local files. */
    Outputs make(String name, Path original, Path dir, Preset preset) {
        VideoContainer container = VideoContainer.sniff(head(original))
                .orElseThrow(() -> new BadVideo(name + ": not a video container: expected MP4, QuickTime or WebM/Matroska"));
        Probe probe = Probe.parse(name, ffmpeg.probe(name, container, original));
        if (probe.durationMillis() > config.limits().maxSeconds() * 1000L) throw VideoGate.tooLong(name, probe.durationMillis(), config.limits());
        if (probe.longEdge() > config.limits().maxLongEdge()) {
            throw new BadVideo(name + ": the video is " + probe.width() + "x" + probe.height() + ": expected at most "
                    + config.limits().maxLongEdge() + " pixels a side");
        }
        RenderResult poster = renderer.render(name, posterFrame(name, container, original, dir, probe), preset);
        Path copy = dir.resolve("copy.mp4");
        boolean transcode = needsTranscode(container, probe);
        ffmpeg.ffmpeg(name, transcode ? "the transcode" : "the remux", copyArgs(container, original, copy, probe, transcode));
        if (!Files.isRegularFile(copy) || size(copy) == 0) throw new BadVideo(name + ": no playable copy could be made: the video stream is damaged");
        return new Outputs(poster, copy, transcode, probe, container);
    }

    /**
     * One PNG frame, upright (ffmpeg applies the rotation when decoding), chosen by the thumbnail
     * filter among the frames from about one second in: the most typical frame of the batch, so a
     * fade-in's black or a flash is not the poster.
     */
    private byte[] posterFrame(String name, VideoContainer container, Path original, Path dir, Probe probe) {
        Path png = dir.resolve("poster.png");
        double at = Math.min(POSTER_AT_SECONDS, probe.durationMillis() / 2000.0);
        List<String> args = new ArrayList<>(Ffmpeg.inputOptions(container));
        args.addAll(List.of("-ss", String.format(Locale.ROOT, "%.3f", at), "-i", original.toString(),
                "-map", "0:v:0", "-vf", "thumbnail=n=" + POSTER_CANDIDATES, "-frames:v", "1", "-update", "1",
                "-c:v", "png", "-f", "image2", "-threads", Integer.toString(config.threads()), png.toString()));
        ffmpeg.ffmpeg(name, "the poster frame", args);
        if (!Files.isRegularFile(png) || size(png) == 0) {
            throw new BadVideo(name + ": no picture could be decoded from the video stream: the file is damaged");
        }
        try {
            return Files.readAllBytes(png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the copy is re-encoded: anything but H.264 (+ AAC) in an ISO container, or larger than the copy's edge. */
    boolean needsTranscode(VideoContainer container, Probe probe) {
        boolean plays = container != VideoContainer.MATROSKA && VideoHeader.Codecs.isH264(probe.videoCodec())
                && (probe.audioCodec() == null || VideoHeader.Codecs.isAac(probe.audioCodec()));
        return !plays || probe.longEdge() > config.maxEdge();
    }

    /**
     * The copy: the first video and audio stream, every metadata field dropped (phones put GPS in
     * {@code ©xyz} and the Apple location key), index first ({@code faststart}) so playback starts
     * before the download ends, at most {@code MAX_VIDEO_MIB}.
     */
    public List<String> copyArgs(VideoContainer container, Path original, Path copy, Probe probe, boolean transcode) {
        List<String> args = new ArrayList<>(Ffmpeg.inputOptions(container));
        args.addAll(List.of("-i", original.toString(), "-map", "0:v:0", "-map", "0:a:0?"));
        if (transcode) {
            double scale = Math.min(1.0, (double) config.maxEdge() / probe.longEdge());
            int w = even(probe.width() * scale), h = even(probe.height() * scale);
            int kbps = config.videoBitrateKbps();
            args.addAll(List.of("-vf", "scale=" + w + ":" + h, "-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p",
                    "-preset", "veryfast", "-crf", "23", "-maxrate", kbps + "k", "-bufsize", (2 * kbps) + "k",
                    "-c:a", "aac", "-b:a", "128k", "-ac", "2"));
        } else {
            args.addAll(List.of("-c", "copy"));
        }
        args.addAll(List.of("-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact",
                "-movflags", "+faststart", "-fs", Long.toString(config.limits().maxBytes()),
                "-threads", Integer.toString(config.threads()), "-f", "mp4", copy.toString()));
        return args;
    }

    private static int even(double v) {
        return Math.max(2, (int) Math.round(v / 2) * 2);
    }

    /** Every derived key this video's outputs are written to: the poster's preset sizes and the copy. */
    private static List<String> keysOf(PhotoKey key, Outputs out) {
        List<String> keys = new ArrayList<>();
        for (gallery.imaging.Encoded r : out.poster().renditions()) keys.add(new RenditionKey(r.size(), key, r.format()).value());
        keys.add(new VideoCopyKey(key).value());
        return keys;
    }

    private List<String> write(PhotoKey key, Outputs out) {
        List<String> written = new ArrayList<>();
        for (gallery.imaging.Encoded r : out.poster().renditions()) {
            RenditionKey rk = new RenditionKey(r.size(), key, r.format());
            s3.putObject(b -> b.bucket(config.derivedBucket()).key(rk.value()).contentType(r.format().contentType())
                    .cacheControl(RenditionService.CACHE_CONTROL).storageClass(StoragePlan.renditionWriteClass(r.bytes())),
                    RequestBody.fromBytes(r.data()));
            written.add(rk.value());
        }
        String copyKey = new VideoCopyKey(key).value();
        s3.putObject(b -> b.bucket(config.derivedBucket()).key(copyKey).contentType(VideoCopyKey.CONTENT_TYPE)
                .cacheControl(RenditionService.CACHE_CONTROL), RequestBody.fromFile(out.copy()));
        written.add(copyKey);
        return written;
    }

    /** This version of the original on local disk (streamed, never in memory), or null when it is gone or changed. */
    private Path download(String bucket, PhotoKey key, String versionId, String eTag, Path to) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(key.value());
        if (versionId != null) req.versionId(versionId);
        Optional<GetObjectResponse> read = objects.unlessGone(bucket, () -> s3.getObject(req.build(), ResponseTransformer.toFile(to)));
        if (read.isEmpty()) {
            LOG.info("{} (version {}) no longer exists; video job skipped", key, versionId);
            return null;
        }
        GetObjectResponse r = read.get();
        String got = RenditionService.unquote(r.eTag());
        if (eTag != null && got != null && !eTag.equals(got)) {
            LOG.info("{} now has eTag {}, job was for {}; skipped", key, got, eTag);
            return null;
        }
        return to;
    }


    private Path tempDir() {
        try {
            Files.createDirectories(config.workDir());
            return Files.createTempDirectory(config.workDir(), "video");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a work folder under " + config.workDir() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Lambda keeps /tmp between invocations: nothing of one video may stay to fill the next one's disk. */
    private static void deleteTree(Path dir) {
        try {
            gallery.core.FileTrees.delete(dir);
        } catch (IOException e) {
            LOG.warn("could not remove the work folder {}: {}", dir, e.getMessage());
        }
    }
}
