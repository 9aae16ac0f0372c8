package gallery.local.s3;

import gallery.core.backup.BackupKey;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.InputStream;
import java.util.List;

/**
 * The local S3 as one member's backup key sees it: the rules of the IAM policy the admin tool
 * gives the key in AWS ({@link gallery.core.backup.BackupPolicy}), enforced on every call S3Proxy
 * makes for a request signed with that key. An allow-list: each abstract operation of the blob
 * store is either checked and passed on or refused, so an operation added to S3Proxy later is
 * refused until it is considered here.
 *
 * <p>Allowed, in the originals bucket and under the key's prefix only: list, read, and add an
 * object whose key is free (PutObject, a multipart upload, a copy from the key's own prefix).
 * Refused: deletes, replacing an existing object (AWS keeps the replaced one as a version; here
 * the files keep none, so replacing is refused outright), bucket-wide listings, ACLs, any other
 * bucket.
 */
final class BackupKeyView implements BlobStore {
    /** Serializes the "is the key free" check with the write, per key (striped, so memory stays fixed). */
    private static final Object[] WRITE_LOCKS = new Object[64];

    static {
        for (int i = 0; i < WRITE_LOCKS.length; i++) WRITE_LOCKS[i] = new Object();
    }

    private final BlobStore delegate;
    private final BackupKey key;
    private final String bucket;

    /** @param delegate the store writes go to (it notifies ingest, naming this key's principal) */
    BackupKeyView(BlobStore delegate, BackupKey key, String bucket) {
        this.delegate = delegate;
        this.key = key;
        this.bucket = bucket;
    }

    private S3ProxyException denied(String what) {
        return new S3ProxyException(S3ErrorCode.ACCESS_DENIED,
                "the backup key of " + key.email() + " may not " + what + " (it may list, read and add under s3://"
                        + bucket + "/" + key.prefix() + " only)");
    }

    private void object(String container, String blob, String what) {
        if (!bucket.equals(container) || !key.covers(blob)) throw denied(what + " s3://" + container + "/" + blob);
    }

    private void listing(String container, String prefix) {
        if (!bucket.equals(container) || !key.mayList(prefix)) {
            throw denied("list s3://" + container + "/" + (prefix == null ? "" : prefix));
        }
    }

    private void free(String container, String blob) {
        if (delegate.blobMetadataIfPresent(container, blob) != null) {
            throw denied("replace s3://" + container + "/" + blob + ", which exists already");
        }
    }

    private static Object lockFor(String container, String blob) {
        return WRITE_LOCKS[Math.floorMod((container + "/" + blob).hashCode(), WRITE_LOCKS.length)];
    }

    // ---------------------------------------------------------------- listings and reads

    @Override
    public ListBucketsResponse list() {
        throw denied("list the buckets");
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        listing(request.bucket(), request.prefix());
        return delegate.list(request);
    }

    @Override
    public ListObjectsResponse listV1(ListObjectsRequest request) {
        listing(request.bucket(), request.prefix());
        return delegate.listV1(request);
    }

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest request) {
        if (!bucket.equals(request.bucket())) throw denied("look at bucket " + request.bucket());
        return delegate.headBucket(request);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        object(request.bucket(), request.key(), "read");
        return delegate.blobMetadata(request);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        object(request.bucket(), request.key(), "read");
        return delegate.getBlob(request);
    }

    @Override
    public ObjectCannedACL getBlobAccess(String container, String blob) {
        object(container, blob, "read the ACL of");
        return delegate.getBlobAccess(container, blob);
    }

    @Override
    public BucketCannedACL getContainerAccess(String container) {
        throw denied("read the ACL of bucket " + container);
    }

    // ---------------------------------------------------------------- adding objects

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        object(request.bucket(), request.key(), "write");
        synchronized (lockFor(request.bucket(), request.key())) {
            free(request.bucket(), request.key());
            return delegate.putBlob(request, input);
        }
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        object(request.sourceBucket(), request.sourceKey(), "copy from");
        object(request.destinationBucket(), request.destinationKey(), "write");
        synchronized (lockFor(request.destinationBucket(), request.destinationKey())) {
            free(request.destinationBucket(), request.destinationKey());
            return delegate.copyBlob(request);
        }
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        object(request.bucket(), request.key(), "write");
        free(request.bucket(), request.key());
        return delegate.initiateMultipartUpload(request);
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream input) {
        object(upload.containerName(), upload.blobName(), "write");
        return delegate.uploadMultipartPart(upload, request, input);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        object(upload.containerName(), upload.blobName(), "write");
        synchronized (lockFor(upload.containerName(), upload.blobName())) {
            free(upload.containerName(), upload.blobName());
            return delegate.completeMultipartUpload(upload, request);
        }
    }

    @Override
    public void abortMultipartUpload(MultipartUpload upload) {
        // Abandoning one's own unfinished upload destroys nothing that was stored.
        object(upload.containerName(), upload.blobName(), "abort an upload to");
        delegate.abortMultipartUpload(upload);
    }

    @Override
    public List<Part> listMultipartUpload(MultipartUpload upload) {
        object(upload.containerName(), upload.blobName(), "list the parts of");
        return delegate.listMultipartUpload(upload);
    }

    @Override
    public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String container) {
        throw denied("list every unfinished upload in bucket " + container);
    }

    @Override
    public long getMinimumMultipartPartSize() {
        return delegate.getMinimumMultipartPartSize();
    }

    // ---------------------------------------------------------------- refused

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        throw denied("delete s3://" + request.bucket() + "/" + request.key());
    }

    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        throw denied("delete objects in s3://" + request.bucket());
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        throw denied("create bucket " + request.bucket());
    }

    @Override
    public void setContainerAccess(String container, BucketCannedACL access) {
        throw denied("change the ACL of bucket " + container);
    }

    @Override
    public void deleteBucket(String container) {
        throw denied("delete bucket " + container);
    }

    @Override
    public void setBlobAccess(String container, String blob, ObjectCannedACL access) {
        throw denied("change the ACL of s3://" + container + "/" + blob);
    }

    @Override
    public void close() {
        // The delegate belongs to the local S3, which closes it.
    }
}
