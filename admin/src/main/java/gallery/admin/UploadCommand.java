package gallery.admin;

import gallery.core.PhotoFiles;
import gallery.core.PhotoKey;
import gallery.core.deploy.Deployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Uploads a folder of photos into an album of the originals bucket; S3's event notification then
 * ingests each one as for any backup tool. Unchanged files are skipped, large ones go in parts, and
 * a rerun resumes a multipart upload it finds unfinished ({@link PhotoUploader}).
 */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Upload the photos in DIR (sub-folders become sub-albums) to photos/<ALBUM>/.",
                "Files already uploaded unchanged (same size and MD5) are skipped; rerun to resume an interrupted upload."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every photo is uploaded", "1:some photos could not be uploaded", "2:usage or configuration error"})
public final class UploadCommand implements Callable<Integer> {
    /** What the ingest gate accepts (it sniffs the bytes; the extension only keeps stray files out). */
    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of photos.")
    Path dir;

    @Option(names = "--album", required = true, paramLabel = "ALBUM", description = "Album (folder below photos/) to upload into.")
    String album;

    @Option(names = "--parallel", defaultValue = "4", paramLabel = "N", description = "Files uploaded at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--multipart-threshold", defaultValue = "16MiB", paramLabel = "SIZE",
            description = "Files at least this large go in parts (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = "--part-size", defaultValue = "8MiB", paramLabel = "SIZE",
            description = "Size of each part, at least 5MiB (S3's minimum) (default: ${DEFAULT-VALUE}).")
    String partSize;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(dir)) throw new ConfigProblem("DIR " + dir + " is not a folder");
        if (parallel < 1 || parallel > 64) throw new ConfigProblem("--parallel " + parallel + ": expected 1..64");
        String albumName = album.replaceAll("^/+|/+$", "");
        if (!albumName.isEmpty() && !PhotoKey.isPhotoKey(PhotoKey.PREFIX + albumName + "/x")) {
            throw new ConfigProblem("--album '" + album + "' is not an album name: expected folder names without empty, '.' or '..' segments");
        }
        long part = Sizes.parse("--part-size", partSize);
        if (part < PhotoUploader.MIN_PART) throw new ConfigProblem("--part-size " + partSize + ": S3 needs parts of at least 5MiB");
        long multipartAt = Math.max(Sizes.parse("--multipart-threshold", threshold), part);

        List<PhotoUploader.Item> items = items(dir, albumName);
        long totalBytes = items.stream().mapToLong(PhotoUploader.Item::size).sum();
        Deployment d = target.deployment();
        List<PhotoUploader.Result> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try (Clients clients = new Clients(d);
             Progress progress = new Progress(err, "uploading", items.size(), Math.max(1, totalBytes), Progress.stderrIsTerminal())) {
            PhotoUploader uploader = new PhotoUploader(clients.s3(), d.originalsBucket(), multipartAt, part, progress);
            List<Future<PhotoUploader.Result>> futures = new ArrayList<>();
            for (PhotoUploader.Item item : items) futures.add(pool.submit(() -> uploader.upload(item)));
            for (Future<PhotoUploader.Result> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("upload task failed unexpectedly", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return summary(out, err, d, albumName, results);
    }

    private static int summary(PrintWriter out, PrintWriter err, Deployment d, String album, List<PhotoUploader.Result> results) {
        int uploaded = 0, multipart = 0, unchanged = 0, failed = 0, resumedParts = 0;
        long bytes = 0;
        for (PhotoUploader.Result r : results) {
            switch (r.outcome()) {
                case UPLOADED -> {
                    uploaded++;
                    bytes += r.bytesSent();
                    if (r.parts() > 0) multipart++;
                    resumedParts += r.partsResumed();
                }
                case UNCHANGED -> unchanged++;
                case FAILED -> {
                    failed++;
                    err.println("failed: " + r.item().file() + ": " + r.error());
                }
            }
        }
        out.printf(Locale.ROOT, "upload to s3://%s/%s: %d photos: %d uploaded (%s, %d in parts, %d parts resumed), %d unchanged, %d failed%n",
                d.originalsBucket(), Original.albumPrefix(album), results.size(), uploaded, Sizes.human(bytes), multipart, resumedParts,
                unchanged, failed);
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Photo files under {@code dir} (hidden files and folders left out), sorted, with their keys. */
    static List<PhotoUploader.Item> items(Path dir, String album) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<PhotoUploader.Item> items = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                Path rel = dir.relativize(f);
                boolean hidden = false;
                for (Path seg : rel) hidden |= seg.toString().startsWith(".");
                String name = f.getFileName().toString();
                if (hidden || !PhotoFiles.isPhoto(name)) continue;
                String key = Original.albumPrefix(album) + rel.toString().replace('\\', '/');
                if (!PhotoKey.isPhotoKey(key)) continue;
                items.add(new PhotoUploader.Item(f, new PhotoKey(key), Files.size(f), PhotoFiles.contentType(name)));
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

}
