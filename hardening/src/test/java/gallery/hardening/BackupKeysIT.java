package gallery.hardening;

import gallery.core.backup.BackupKey;
import gallery.core.backup.BackupKeyFile;
import gallery.core.deploy.Deployment;
import gallery.aws.DeploymentClients;
import gallery.local.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members' backup keys under attack on the local S3 endpoint (S3Proxy with the per-key rules the
 * IAM policy states in AWS): another member's folder and look-alike prefixes, other buckets,
 * reads and listings outside the folder, every way to delete, every way to replace an original
 * (PUT, copy, multipart), ACL and bucket changes, and stale or forged credentials. Figure:
 * attempts vs accepted (0), beside the legitimate operations the key must still be able to do.
 * The keys are written to the stack's key file directly, as {@code admin users backup-key} does;
 * the admin tool's own path (Cognito, rotation, revocation on disable) is admin's BackupKeysIT.
 */
class BackupKeysIT {
    private static final byte[] PHOTO = "not really a photo, the rules do not look".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "other bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path data;

    record Attempt(String group, String attack, String answer, boolean accepted) {
    }

    private final List<Attempt> attacks = new ArrayList<>();
    private final List<Attempt> allowed = new ArrayList<>();

    @Test
    void aBackupKeyCannotLeaveItsFolderDeleteOrReplace() {
        try (LocalStack stack = LocalStack.startForTest(data)) {
            Deployment d = stack.deployment();
            String bucket = d.originalsBucket();
            BackupKey ann = new BackupKey("ann@example.org", "photos/Ann/", "AIDLANN", "GBKLANN0000000000001",
                    "ann-secret-0123456789012345678901234567", Instant.now());
            BackupKey bob = new BackupKey("bob@example.org", "photos/Bob/", "AIDLBOB", "GBKLBOB0000000000001",
                    "bob-secret-0123456789012345678901234567", Instant.now());
            BackupKeyFile keys = new BackupKeyFile(data);
            keys.write(List.of(ann, bob));
            try (S3Client admin = DeploymentClients.s3(d); S3Client a = client(d, ann.accessKeyId(), ann.secretAccessKey());
                 S3Client b = client(d, bob.accessKeyId(), bob.secretAccessKey())) {
                admin.putObject(r -> r.bucket(bucket).key("photos/Bob/b.jpg"), RequestBody.fromBytes(PHOTO));
                admin.putObject(r -> r.bucket(d.derivedBucket()).key("renditions/256/photos/Bob/b.jpg.webp"), RequestBody.fromBytes(PHOTO));

                // What the key is for: these must work.
                allow("own folder", "PUT photos/Ann/Camera/1.jpg", () -> a.putObject(r -> r.bucket(bucket).key("photos/Ann/Camera/1.jpg"), RequestBody.fromBytes(PHOTO)));
                allow("own folder", "GET photos/Ann/Camera/1.jpg", () -> a.getObjectAsBytes(r -> r.bucket(bucket).key("photos/Ann/Camera/1.jpg")));
                allow("own folder", "HEAD photos/Ann/Camera/1.jpg", () -> a.headObject(r -> r.bucket(bucket).key("photos/Ann/Camera/1.jpg")));
                allow("own folder", "list photos/Ann/", () -> a.listObjectsV2(r -> r.bucket(bucket).prefix("photos/Ann/")));
                allow("own folder", "list photos/Ann/Camera/ by folder (delimiter)", () -> a.listObjectsV2(r -> r.bucket(bucket).prefix("photos/Ann/Camera/").delimiter("/")));
                allow("own folder", "multipart upload of a new photo", () -> multipart(a, bucket, "photos/Ann/Camera/2.mp4"));
                allow("own folder", "copy within the folder to a new key", () -> a.copyObject(r -> r.sourceBucket(bucket).sourceKey("photos/Ann/Camera/1.jpg")
                        .destinationBucket(bucket).destinationKey("photos/Ann/Camera/1-copy.jpg")));
                allow("own folder", "abort an unfinished upload of its own", () -> {
                    String id = a.createMultipartUpload(r -> r.bucket(bucket).key("photos/Ann/Camera/3.mp4")).uploadId();
                    a.abortMultipartUpload(r -> r.bucket(bucket).key("photos/Ann/Camera/3.mp4").uploadId(id));
                });

                String g = "another folder or bucket";
                attack(g, "PUT photos/Bob/x.jpg (another member's folder)", () -> a.putObject(r -> r.bucket(bucket).key("photos/Bob/x.jpg"), RequestBody.fromBytes(PHOTO)));
                attack(g, "PUT photos/Ann2/x.jpg (a look-alike prefix)", () -> a.putObject(r -> r.bucket(bucket).key("photos/Ann2/x.jpg"), RequestBody.fromBytes(PHOTO)));
                attack(g, "PUT photos/ann/x.jpg (another case)", () -> a.putObject(r -> r.bucket(bucket).key("photos/ann/x.jpg"), RequestBody.fromBytes(PHOTO)));
                attack(g, "PUT photos/x.jpg (the top album)", () -> a.putObject(r -> r.bucket(bucket).key("photos/x.jpg"), RequestBody.fromBytes(PHOTO)));
                attack(g, "PUT photos/Ann (the folder's name as a key)", () -> a.putObject(r -> r.bucket(bucket).key("photos/Ann"), RequestBody.fromBytes(PHOTO)));
                attack(g, "PUT photos/Ann/../Bob/x.jpg", () -> a.putObject(r -> r.bucket(bucket).key("photos/Ann/../Bob/x.jpg"), RequestBody.fromBytes(PHOTO)));
                attack(g, "PUT Ann/x.jpg (outside photos/)", () -> a.putObject(r -> r.bucket(bucket).key("Ann/x.jpg"), RequestBody.fromBytes(PHOTO)));
                attack(g, "PUT into the derived bucket", () -> a.putObject(r -> r.bucket(d.derivedBucket()).key("photos/Ann/x.jpg"), RequestBody.fromBytes(PHOTO)));
                attack(g, "PUT index.html into the web bucket", () -> a.putObject(r -> r.bucket(d.webBucket()).key("index.html"), RequestBody.fromBytes(PHOTO)));
                attack(g, "Bob's key PUT into photos/Ann/", () -> b.putObject(r -> r.bucket(bucket).key("photos/Ann/from-bob.jpg"), RequestBody.fromBytes(PHOTO)));
                attack(g, "copy photos/Bob/b.jpg into photos/Ann/ (read by copy)", () -> a.copyObject(r -> r.sourceBucket(bucket).sourceKey("photos/Bob/b.jpg")
                        .destinationBucket(bucket).destinationKey("photos/Ann/stolen.jpg")));
                attack(g, "copy photos/Ann/Camera/1.jpg into photos/Bob/", () -> a.copyObject(r -> r.sourceBucket(bucket).sourceKey("photos/Ann/Camera/1.jpg")
                        .destinationBucket(bucket).destinationKey("photos/Bob/planted.jpg")));
                attack(g, "multipart upload into photos/Bob/", () -> a.createMultipartUpload(r -> r.bucket(bucket).key("photos/Bob/big.mp4")));

                g = "reads and listings outside the folder";
                attack(g, "GET photos/Bob/b.jpg", () -> a.getObjectAsBytes(r -> r.bucket(bucket).key("photos/Bob/b.jpg")));
                attack(g, "HEAD photos/Bob/b.jpg", () -> a.headObject(r -> r.bucket(bucket).key("photos/Bob/b.jpg")));
                attack(g, "GET a rendition in the derived bucket", () -> a.getObjectAsBytes(r -> r.bucket(d.derivedBucket()).key("renditions/256/photos/Bob/b.jpg.webp")));
                attack(g, "list photos/", () -> a.listObjectsV2(r -> r.bucket(bucket).prefix("photos/")));
                attack(g, "list photos/Bob/", () -> a.listObjectsV2(r -> r.bucket(bucket).prefix("photos/Bob/")));
                attack(g, "list photos/An (a prefix of the folder's)", () -> a.listObjectsV2(r -> r.bucket(bucket).prefix("photos/An")));
                attack(g, "list the whole bucket", () -> a.listObjectsV2(r -> r.bucket(bucket)));
                attack(g, "list photos/ (ListObjects v1)", () -> a.listObjects(r -> r.bucket(bucket).prefix("photos/")));
                attack(g, "list the derived bucket", () -> a.listObjectsV2(r -> r.bucket(d.derivedBucket()).prefix("photos/Ann/")));
                attack(g, "list the buckets", () -> a.listBuckets());
                attack(g, "list every unfinished multipart upload", () -> a.listMultipartUploads(r -> r.bucket(bucket).prefix("photos/Ann/")));

                g = "deletes";
                attack(g, "DELETE photos/Ann/Camera/1.jpg (its own)", () -> a.deleteObject(r -> r.bucket(bucket).key("photos/Ann/Camera/1.jpg")));
                attack(g, "DELETE photos/Bob/b.jpg", () -> a.deleteObject(r -> r.bucket(bucket).key("photos/Bob/b.jpg")));
                attack(g, "DeleteObjects of its own photos", () -> {
                    var r = a.deleteObjects(x -> x.bucket(bucket).delete(Delete.builder().objects(
                            ObjectIdentifier.builder().key("photos/Ann/Camera/1.jpg").build(),
                            ObjectIdentifier.builder().key("photos/Ann/Camera/1-copy.jpg").build()).build()));
                    if (!r.deleted().isEmpty()) return;
                    throw S3Exception.builder().statusCode(403).message("errors: " + r.errors()).build();
                });
                attack(g, "DELETE the bucket", () -> a.deleteBucket(r -> r.bucket(bucket)));

                g = "replacing an original";
                attack(g, "PUT over its own photo, other bytes", () -> a.putObject(r -> r.bucket(bucket).key("photos/Ann/Camera/1.jpg"), RequestBody.fromBytes(OTHER)));
                attack(g, "PUT over its own photo, the same bytes", () -> a.putObject(r -> r.bucket(bucket).key("photos/Ann/Camera/1.jpg"), RequestBody.fromBytes(PHOTO)));
                attack(g, "copy a photo onto itself (metadata replaced)", () -> a.copyObject(r -> r.sourceBucket(bucket).sourceKey("photos/Ann/Camera/1.jpg")
                        .destinationBucket(bucket).destinationKey("photos/Ann/Camera/1.jpg").metadataDirective("REPLACE").metadata(java.util.Map.of("x", "y"))));
                attack(g, "copy another of its photos over one", () -> a.copyObject(r -> r.sourceBucket(bucket).sourceKey("photos/Ann/Camera/1-copy.jpg")
                        .destinationBucket(bucket).destinationKey("photos/Ann/Camera/1.jpg")));
                attack(g, "multipart upload over its own photo", () -> multipart(a, bucket, "photos/Ann/Camera/1.jpg"));
                attack(g, "multipart completed after the key was taken meanwhile", () -> {
                    String key = "photos/Ann/Camera/race.jpg";
                    String id = a.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
                    String etag = a.uploadPart(r -> r.bucket(bucket).key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(PHOTO)).eTag();
                    admin.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(OTHER));
                    a.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(
                            CompletedPart.builder().partNumber(1).eTag(etag).build())));
                });

                g = "ACLs and bucket settings";
                attack(g, "make its own photo public-read", () -> a.putObjectAcl(r -> r.bucket(bucket).key("photos/Ann/Camera/1.jpg").acl(ObjectCannedACL.PUBLIC_READ)));
                attack(g, "make the bucket public-read", () -> a.putBucketAcl(r -> r.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ)));
                attack(g, "create a bucket", () -> a.createBucket(r -> r.bucket("ann-bucket")));
                attack(g, "suspend versioning", () -> a.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED))));

                g = "credentials";
                try (S3Client wrong = client(d, ann.accessKeyId(), "not-the-secret-00000000000000000000000000");
                     S3Client unknown = client(d, "GBKLNOBODY0000000001", ann.secretAccessKey())) {
                    attack(g, "Ann's key id with a wrong secret", () -> wrong.putObject(r -> r.bucket(bucket).key("photos/Ann/w.jpg"), RequestBody.fromBytes(PHOTO)));
                    attack(g, "an unknown key id", () -> unknown.putObject(r -> r.bucket(bucket).key("photos/Ann/u.jpg"), RequestBody.fromBytes(PHOTO)));
                }
                BackupKey rotated = new BackupKey(ann.email(), ann.prefix(), ann.principalId(), "GBKLANN0000000000002",
                        "ann-secret-rotated-0123456789012345678901", Instant.now());
                keys.write(List.of(rotated, bob));
                attack(g, "Ann's key after rotation", () -> a.putObject(r -> r.bucket(bucket).key("photos/Ann/old.jpg"), RequestBody.fromBytes(PHOTO)));
                keys.write(List.of(rotated));
                attack(g, "Bob's key after revocation", () -> b.putObject(r -> r.bucket(bucket).key("photos/Bob/revoked.jpg"), RequestBody.fromBytes(PHOTO)));
                attack(g, "Bob's key after revocation, a read", () -> b.getObjectAsBytes(r -> r.bucket(bucket).key("photos/Bob/b.jpg")));
            }
            long listedByAdmin;
            try (S3Client admin = DeploymentClients.s3(d)) {
                listedByAdmin = admin.listObjectsV2(r -> r.bucket(bucket).prefix("photos/")).keyCount();
                assertThat(admin.getObjectAsBytes(r -> r.bucket(bucket).key("photos/Ann/Camera/1.jpg")).asByteArray()).isEqualTo(PHOTO);
                assertThat(admin.getObjectAsBytes(r -> r.bucket(bucket).key("photos/Bob/b.jpg")).asByteArray()).isEqualTo(PHOTO);
                // S3Proxy answers a refused CompleteMultipartUpload as S3 does a late failure: 200, then an error body.
                assertThat(admin.getObjectAsBytes(r -> r.bucket(bucket).key("photos/Ann/Camera/race.jpg")).asByteArray()).isEqualTo(OTHER);
            }
            publish(listedByAdmin);
        }
        assertThat(allowed).allSatisfy(x -> assertThat(x.accepted()).as(x.attack() + ": " + x.answer()).isTrue());
        assertThat(attacks).allSatisfy(x -> assertThat(x.accepted()).as(x.attack() + " was accepted: " + x.answer()).isFalse());
    }

    private void publish(long objects) {
        long accepted = attacks.stream().filter(Attempt::accepted).count();
        Figures f = new Figures("backup-keys", "Backup keys: a member's key outside its rules");
        f.paragraph("The local S3 endpoint (S3Proxy with the member-key rules, `BackupKeyView`), two members' keys (Ann: "
                + "`photos/Ann/`, Bob: `photos/Bob/`), every request through the AWS SDK for Java as a backup app signs it. "
                + "Accepted = the request succeeded (2xx). " + objects + " objects under photos/ afterwards, the originals unchanged.");
        f.table(List.of("figure", "value"), List.of(
                List.of("attacks", Integer.toString(attacks.size())),
                List.of("accepted", Long.toString(accepted)),
                List.of("legitimate operations (own folder)", allowed.size() + ", " + allowed.stream().filter(Attempt::accepted).count() + " accepted")));
        f.heading("Attempts");
        List<List<String>> rows = new ArrayList<>();
        for (Attempt x : attacks) rows.add(Arrays.asList(x.group(), x.attack(), x.answer(), x.accepted() ? "**accepted**" : "refused"));
        f.table(List.of("group", "attempt", "answer", "result"), rows);
        f.heading("What the key must still do");
        rows = new ArrayList<>();
        for (Attempt x : allowed) rows.add(Arrays.asList(x.group(), x.attack(), x.answer(), x.accepted() ? "done" : "**refused**"));
        f.table(List.of("group", "operation", "answer", "result"), rows);
        f.publish();
    }

    private void attack(String group, String what, Runnable call) {
        attacks.add(run(group, what, call));
    }

    private void allow(String group, String what, Runnable call) {
        allowed.add(run(group, what, call));
    }

    private static Attempt run(String group, String what, Runnable call) {
        try {
            call.run();
            return new Attempt(group, what, "2xx", true);
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null ? " " + e.awsErrorDetails().errorCode() : "";
            return new Attempt(group, what, e.statusCode() + code, false);
        } catch (RuntimeException e) {
            return new Attempt(group, what, e.getClass().getSimpleName(), false);
        }
    }

    private static void multipart(S3Client s3, String bucket, String key) {
        String id = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(PHOTO)).eTag();
        s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
    }

    private static S3Client client(Deployment d, String id, String secret) {
        return DeploymentClients.s3(d.withCredentials(id, secret));
    }
}
