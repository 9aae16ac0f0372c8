package gallery.core.backup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gallery.core.Json;
import gallery.core.PhotoKey;

import java.util.List;

/**
 * What a backup key may do in AWS, as IAM policy JSON: the one list of actions, used by the admin
 * tool for each member's inline policy ({@link #forKey}) and by the stack for the permissions
 * boundary every backup user is created with (so no later policy can give one more).
 *
 * <p>Granted: list the member's prefix, read and add objects under it, and finish or abandon its
 * own multipart uploads. Denied outright, whatever else is attached: every delete (objects and
 * versions), ACL, tagging, retention and bucket changes. S3 cannot refuse a plain PUT over an
 * existing key by policy alone (that needs the client to send {@code If-None-Match: *}, which
 * Debian's rclone and the phone apps do not); the bucket is versioned, so such a PUT keeps the
 * earlier original as a version the key cannot delete. The local S3 endpoint refuses it outright.
 */
public final class BackupPolicy {
    /** Object actions a backup key is given on its own prefix. */
    public static final List<String> OBJECT_ACTIONS = List.of(
            "s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");
    /** Bucket action, limited by {@code s3:prefix} to the member's prefix. */
    public static final String LIST_ACTION = "s3:ListBucket";
    /** Never allowed to a backup key, whatever policy is attached (deny wins in IAM). */
    public static final List<String> DENIED_ACTIONS = List.of(
            "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging",
            "s3:PutObjectAcl", "s3:PutObjectVersionAcl", "s3:PutObjectRetention", "s3:PutObjectLegalHold",
            "s3:BypassGovernanceRetention", "s3:PutLifecycleConfiguration", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
            "s3:PutBucketVersioning", "s3:DeleteBucket");
    /** IAM path of every backup user; the admin tool lists and the boundary names users by it. */
    public static final String IAM_PATH = "/gallery-backup/";

    private BackupPolicy() {
    }

    /** The inline policy of one member's IAM user. */
    public static String forKey(String bucket, String prefix) {
        return document(bucket, prefix);
    }

    /** The permissions boundary: the same grants over every member's prefix ({@code photos/*}). */
    public static String boundary(String bucket) {
        return document(bucket, PhotoKey.PREFIX);
    }

    private static String document(String bucket, String prefix) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode statements = doc.putArray("Statement");
        ObjectNode list = statements.addObject();
        list.put("Sid", "ListOwnPrefix");
        list.put("Effect", "Allow");
        list.put("Action", LIST_ACTION);
        list.put("Resource", "arn:aws:s3:::" + bucket);
        list.putObject("Condition").putObject("StringLike").put("s3:prefix", prefix + "*");
        ObjectNode objects = statements.addObject();
        objects.put("Sid", "ReadAndAddUnderOwnPrefix");
        objects.put("Effect", "Allow");
        OBJECT_ACTIONS.forEach(objects.putArray("Action")::add);
        objects.put("Resource", "arn:aws:s3:::" + bucket + "/" + prefix + "*");
        ObjectNode deny = statements.addObject();
        deny.put("Sid", "NeverDeleteOrRewriteHistory");
        deny.put("Effect", "Deny");
        DENIED_ACTIONS.forEach(deny.putArray("Action")::add);
        deny.put("Resource", "*");
        return Json.write(doc);
    }
}
