package gallery.local.s3;

import gallery.core.events.ObjectEvent;
import gallery.core.events.S3EventEncoder;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.InputStream;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * S3Proxy has no event notifications, so this wraps its blob store and, after every write or
 * delete that S3 would notify about, hands the notification JSON to {@code publish} (the local
 * stack sends it to the ingest queue). Only keys under {@code prefix} in {@code bucket} notify,
 * as the bucket's notification configuration does in AWS.
 *
 * <p>Every path S3Proxy takes to change an object is covered: PutObject and POST uploads
 * ({@link #putBlob}), CopyObject ({@link #copyBlob}), CompleteMultipartUpload, DeleteObject
 * ({@link #removeBlob}) and DeleteObjects ({@link #removeBlobs}, one event per key, as S3 does).
 * The delegate's own internal calls do not come back through this wrapper, so nothing notifies twice.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyingBlobStore.class);

    /** As S3 sends them for the stack: the bucket owner's id, a loopback requester. */
    private final S3EventEncoder.Origin origin;
    private final String bucket;
    private final String prefix;
    private final Consumer<String> publish;
    private final SequencerClock sequencers;
    private final String principalId;

    NotifyingBlobStore(BlobStore delegate, String region, String bucket, String prefix, Consumer<String> publish) {
        this(delegate, region, bucket, prefix, publish, new SequencerClock(), LocalS3.OWNER_PRINCIPAL);
    }

    private NotifyingBlobStore(BlobStore delegate, String region, String bucket, String prefix, Consumer<String> publish,
                               SequencerClock sequencers, String principalId) {
        super(delegate);
        this.origin = new S3EventEncoder.Origin(region, "gallery-ingest", LocalS3.OWNER, "127.0.0.1");
        this.bucket = bucket;
        this.prefix = prefix;
        this.publish = publish;
        this.sequencers = sequencers;
        this.principalId = principalId;
    }

    /**
     * The same store, whose events name {@code principalId} as the signer ({@code userIdentity.principalId}),
     * as S3 names the IAM user whose key signed the request. Shares the sequencer clock, so events stay ordered.
     */
    NotifyingBlobStore as(String principalId) {
        return new NotifyingBlobStore(delegate(), origin.region(), bucket, prefix, publish, sequencers, principalId);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        PutObjectResponse response = super.putBlob(request, input);
        created("ObjectCreated:Put", request.bucket(), request.key());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        created("ObjectCreated:Copy", request.destinationBucket(), request.destinationKey());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created("ObjectCreated:CompleteMultipartUpload", request.bucket(), request.key());
        return response;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        DeleteObjectResponse response = super.removeBlob(request);
        removed(request.bucket(), request.key());
        return response;
    }

    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        DeleteObjectsResponse response = delegate().removeBlobs(request);
        for (DeletedObject deleted : response.deleted()) {
            removed(request.bucket(), deleted.key());
        }
        return response;
    }

    private boolean watched(String bucketName, String key) {
        return bucket.equals(bucketName) && key != null && key.startsWith(prefix);
    }

    private void created(String eventName, String bucketName, String key) {
        if (!watched(bucketName, key)) return;
        // Size and ETag as stored: a chunked upload's request has no length, and the multipart ETag
        // ("<md5 of part md5s>-<parts>") is only known once the parts are joined.
        HeadObjectResponse head = delegate().blobMetadata(bucketName, key);
        send(key, S3EventEncoder.encode(origin, eventName, Instant.now(), new ObjectEvent.Created(bucketName, key,
                head.contentLength(), head.eTag(), null, sequencers.next()), principalId));
    }

    private void removed(String bucketName, String key) {
        if (!watched(bucketName, key)) return;
        send(key, S3EventEncoder.encode(origin, "ObjectRemoved:Delete", Instant.now(),
                new ObjectEvent.Removed(bucketName, key, null, sequencers.next()), principalId));
    }

    private void send(String key, String message) {
        // The object is already written, as in S3, where delivery is separate from the request:
        // a failed publish must not fail the upload, but it must be loud.
        try {
            publish.accept(message);
        } catch (RuntimeException e) {
            LOG.error("notification for s3://{}/{} was not delivered: {}", bucket, key, e.toString());
        }
    }
}
