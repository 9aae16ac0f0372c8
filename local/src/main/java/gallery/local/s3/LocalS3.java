package gallery.local.s3;

import gallery.core.backup.BackupKey;
import gallery.core.backup.BackupKeyFile;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * S3 on 127.0.0.1: S3Proxy in this process over a folder (one directory per bucket), so objects
 * survive a restart. Path-style only; requests are checked against the stack's key pair (SigV2 or
 * SigV4, as any S3 client signs). Keys under {@code photos/} in the originals bucket notify.
 *
 * <p>Members' backup keys ({@link BackupKeyFile}, written by {@code admin users backup-key}) are
 * accepted too: S3Proxy looks up each request's access key id through a {@code BlobStoreLocator},
 * checks the signature with that key's secret itself (SigV2/SigV4, chunked uploads included), and
 * runs the request against the store the locator hands back, here a {@link BackupKeyView} that
 * applies the key's prefix rules and names the key's principal in the events it causes.
 */
public final class LocalS3 implements AutoCloseable {
    /** The bucket owner's canonical id in the local stack's notifications. */
    static final String OWNER = "GALLERYLOCAL";
    /** The principal of a request signed with the stack's own key pair (the bucket owner's), as S3 names it in events. */
    public static final String OWNER_PRINCIPAL = "AWS:" + OWNER;
    /**
     * The browser's presigned part uploads come from the edge's origin, another port on 127.0.0.1 (a free
     * one in tests), as the bucket's CORS rule lets the site's origin in AWS (infra's Storage): PUT only,
     * and the part's ETag readable. S3Proxy takes origins as patterns; only loopback ones match.
     */
    static final CrossOriginResourceSharing BROWSER_UPLOADS = new CrossOriginResourceSharing(
            List.of("http://127\\.0\\.0\\.1:[0-9]+", "http://localhost:[0-9]+"), List.of("PUT"), List.of("*"), List.of("ETag"), "false");

    private final S3Proxy proxy;
    private final BlobStore store;
    private final URI endpoint;

    private LocalS3(S3Proxy proxy, BlobStore store, URI endpoint) {
        this.proxy = proxy;
        this.store = store;
        this.endpoint = endpoint;
    }

    /**
     * @param notifyBucket the bucket whose {@code notifyPrefix} keys notify {@code publish}
     * @param buckets      created if missing
     */
    public static LocalS3 start(Path dir, int port, String region, String accessKeyId, String secretAccessKey,
                                String notifyBucket, String notifyPrefix, Consumer<String> publish,
                                List<String> buckets) {
        return start(dir, port, region, accessKeyId, secretAccessKey, notifyBucket, notifyPrefix, publish, buckets, null);
    }

    /** @param backupKeys members' keys, valid in {@code notifyBucket} under their prefixes; null: none */
    public static LocalS3 start(Path dir, int port, String region, String accessKeyId, String secretAccessKey,
                                String notifyBucket, String notifyPrefix, Consumer<String> publish,
                                List<String> buckets, BackupKeyFile backupKeys) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3 data folder " + dir, e);
        }
        BlobStore files = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
        NotifyingBlobStore store = new NotifyingBlobStore(files, region, notifyBucket, notifyPrefix, publish);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
                .corsRules(BROWSER_UPLOADS)
                .build();
        if (backupKeys != null) {
            proxy.setBlobStoreLocator((identity, container, blob) -> {
                if (accessKeyId.equals(identity)) return new AccessGrant(secretAccessKey, store);
                BackupKey key = backupKeys.byAccessKey(identity).orElse(null);
                if (key == null || key.secretAccessKey() == null) return null;   // S3Proxy answers InvalidAccessKeyId
                return new AccessGrant(key.secretAccessKey(),
                        new BackupKeyView(store.as("AWS:" + key.principalId()), key, notifyBucket));
            });
        }
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("S3 (S3Proxy) did not start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        LocalS3 s3 = new LocalS3(proxy, store, URI.create("http://127.0.0.1:" + proxy.getPort()));
        for (String bucket : buckets) {
            if (!store.containerExists(bucket)) store.createContainer(bucket);
        }
        return s3;
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3 (S3Proxy) did not stop: " + e.getMessage(), e);
        } finally {
            store.close();
        }
    }
}
