package gallery.infra;

import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.s3.IBucket;

import java.util.List;

/**
 * S3 grants narrower than {@code Bucket.grantRead/grantPut}: one action set, one key prefix.
 * (Those CDK grants add {@code s3:GetObject*}, {@code s3:List*} and friends on the whole bucket.)
 */
final class ObjectGrants {
    private ObjectGrants() {
    }

    /**
     * GetObject under the prefix, and ListBucket: without it S3 answers a missing key with 403
     * instead of 404, and the functions treat "gone" (permanent) differently from "denied". The
     * 404 check has no {@code s3:prefix} in its request context, so ListBucket cannot be narrowed
     * by prefix without losing the 404; it reveals key names only, of objects the role may read.
     */
    static void read(Role role, IBucket bucket, String prefix) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                // GetObjectVersion: the functions read the exact version an event or index row names.
                .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
                .resources(List.of(bucket.arnForObjects(prefix + "*")))
                .build());
        listKeys(role, bucket);
    }

    static void write(Role role, IBucket bucket, String prefix) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(bucket.arnForObjects(prefix + "*")))
                .build());
    }

    /**
     * Multipart uploads under the prefix, for an API that starts, lists, completes and aborts them and
     * presigns their parts (PutObject covers CreateMultipartUpload, UploadPart and CompleteMultipartUpload);
     * ListBucket only under the prefix, to find a file name that is still free. No read, no delete.
     */
    static void multipartUploads(Role role, IBucket bucket, String prefix) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"))
                .resources(List.of(bucket.arnForObjects(prefix + "*")))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(java.util.Map.of("StringLike", java.util.Map.of("s3:prefix", prefix + "*")))
                .build());
    }

    static void delete(Role role, IBucket bucket, String prefix) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:DeleteObject"))
                .resources(List.of(bucket.arnForObjects(prefix + "*")))
                .build());
        listKeys(role, bucket);
    }

    private static void listKeys(IGrantable role, IBucket bucket) {
        role.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .build());
    }
}
