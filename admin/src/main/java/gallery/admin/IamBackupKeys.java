package gallery.admin;

import gallery.core.backup.BackupKey;
import gallery.core.backup.BackupPolicy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Backup keys in AWS: one IAM user per member, under the path {@code /gallery-backup/<bucket>/}
 * (so one account can hold several galleries), created with the stack's permissions boundary
 * ({@code BackupKeyBoundaryArn} output: the most any backup user can ever be allowed, whatever
 * policy is attached later), an inline policy for the member's prefix ({@link BackupPolicy#forKey})
 * and one access key. The user's tags say whose it is. IAM users, policies and access keys cost
 * nothing; the requests the key makes are billed as any upload.
 */
final class IamBackupKeys implements BackupKeys {
    static final String POLICY_NAME = "gallery-backup";
    private static final String TAG_EMAIL = "gallery:member";
    private static final String TAG_PREFIX = "gallery:prefix";

    private final IamClient iam;
    private final String bucket;
    private final String boundaryArn;

    IamBackupKeys(IamClient iam, String bucket, String boundaryArn) {
        this.iam = iam;
        this.bucket = bucket;
        this.boundaryArn = boundaryArn;
    }

    String path() {
        return BackupPolicy.IAM_PATH + bucket + "/";
    }

    /** {@code gb-<folder>-<8 hex of the bucket>}: unique in the account (IAM user names are), at most 64 characters. */
    String userName(String prefix) {
        String folder = prefix.substring("photos/".length(), prefix.length() - 1);
        String head = "gb-" + folder;
        if (head.length() > 52) head = head.substring(0, 52);
        return head + "-" + sha256(bucket).substring(0, 8);
    }

    @Override
    public List<BackupKey> list() {
        List<BackupKey> keys = new ArrayList<>();
        for (User u : iam.listUsersPaginator(r -> r.pathPrefix(path())).users()) {
            Map<String, String> tags = iam.listUserTags(r -> r.userName(u.userName())).tags().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
            List<AccessKeyMetadata> access = iam.listAccessKeys(r -> r.userName(u.userName())).accessKeyMetadata();
            if (!tags.containsKey(TAG_EMAIL) || !tags.containsKey(TAG_PREFIX) || access.isEmpty()) continue;
            AccessKeyMetadata newest = access.stream().max(java.util.Comparator.comparing(AccessKeyMetadata::createDate)).orElseThrow();
            keys.add(new BackupKey(tags.get(TAG_EMAIL), tags.get(TAG_PREFIX), u.userId(), newest.accessKeyId(), null,
                    newest.createDate()));
        }
        return keys;
    }

    @Override
    public BackupKey issue(String email, String prefix) {
        if (boundaryArn == null) {
            throw new ConfigProblem("--boundary-arn is required in AWS: the stack's BackupKeyBoundaryArn output");
        }
        String name = userName(prefix);
        User user = iam.createUser(r -> r.userName(name).path(path()).permissionsBoundary(boundaryArn)
                .tags(Tag.builder().key(TAG_EMAIL).value(email).build(), Tag.builder().key(TAG_PREFIX).value(prefix).build())).user();
        iam.putUserPolicy(r -> r.userName(name).policyName(POLICY_NAME).policyDocument(BackupPolicy.forKey(bucket, prefix)));
        AccessKey key = iam.createAccessKey(r -> r.userName(name)).accessKey();
        return new BackupKey(email, prefix, user.userId(), key.accessKeyId(), key.secretAccessKey(), key.createDate());
    }

    @Override
    public BackupKey rotate(BackupKey current) {
        String name = userName(current.prefix());
        List<AccessKeyMetadata> old = iam.listAccessKeys(r -> r.userName(name)).accessKeyMetadata();
        // IAM allows two keys per user: the old ones go first, so a user left with one after a failure can rotate again.
        for (AccessKeyMetadata k : old) iam.deleteAccessKey(r -> r.userName(name).accessKeyId(k.accessKeyId()));
        AccessKey key = iam.createAccessKey(r -> r.userName(name)).accessKey();
        return new BackupKey(current.email(), current.prefix(), current.principalId(), key.accessKeyId(), key.secretAccessKey(),
                key.createDate());
    }

    @Override
    public void revoke(BackupKey current) {
        String name = userName(current.prefix());
        try {
            for (AccessKeyMetadata k : iam.listAccessKeys(r -> r.userName(name)).accessKeyMetadata()) {
                iam.deleteAccessKey(r -> r.userName(name).accessKeyId(k.accessKeyId()));
            }
            iam.deleteUserPolicy(r -> r.userName(name).policyName(POLICY_NAME));
            iam.deleteUser(r -> r.userName(name));
        } catch (NoSuchEntityException gone) {
            // Already gone (a revoke that failed half way, or removed by hand): nothing is left to revoke.
        }
    }

    @Override
    public String where() {
        return "IAM users under " + path();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
