package gallery.admin;

import gallery.core.backup.BackupKey;
import gallery.core.backup.BackupPolicy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.iam.model.CreateUserResponse;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.DeleteUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteUserRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.iam.model.PutUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.User;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The IAM calls the admin tool makes for a member's key, against a recording stand-in for IAM (no
 * IAM emulator runs here): the user under the gallery's path with the stack's boundary and the
 * member's tags, the folder's inline policy, one access key; rotate and revoke leave nothing behind.
 */
class IamBackupKeysTest {
    private static final String BOUNDARY = "arn:aws:iam::123456789012:policy/Gallery-BackupKeysBoundary-ABC";
    private final List<Object> calls = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private int issued;

    private IamClient iam() {
        return (IamClient) Proxy.newProxyInstance(IamClient.class.getClassLoader(), new Class<?>[]{IamClient.class}, (proxy, method, args) -> {
            Object request = args == null ? null : args[0];
            if (request instanceof Consumer<?> consumer) request = build(method.getName(), consumer);
            calls.add(request);
            return switch (method.getName()) {
                case "createUser" -> CreateUserResponse.builder().user(User.builder().userName(((CreateUserRequest) request).userName())
                        .userId("AIDAEXAMPLEUSER").path(((CreateUserRequest) request).path()).build()).build();
                case "createAccessKey" -> {
                    String id = "AKIAEXAMPLE" + (++issued);
                    keys.add(id);
                    yield CreateAccessKeyResponse.builder().accessKey(AccessKey.builder().accessKeyId(id).secretAccessKey("s" + id)
                            .createDate(Instant.EPOCH).build()).build();
                }
                case "listAccessKeys" -> ListAccessKeysResponse.builder().accessKeyMetadata(keys.stream()
                        .map(k -> AccessKeyMetadata.builder().accessKeyId(k).createDate(Instant.EPOCH).build()).toList()).build();
                case "deleteAccessKey" -> {
                    keys.remove(((DeleteAccessKeyRequest) request).accessKeyId());
                    yield null;
                }
                default -> null;
            };
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object build(String method, Consumer consumer) {
        Object builder = switch (method) {
            case "createUser" -> CreateUserRequest.builder();
            case "putUserPolicy" -> PutUserPolicyRequest.builder();
            case "createAccessKey" -> CreateAccessKeyRequest.builder();
            case "listAccessKeys" -> ListAccessKeysRequest.builder();
            case "deleteAccessKey" -> DeleteAccessKeyRequest.builder();
            case "deleteUserPolicy" -> DeleteUserPolicyRequest.builder();
            case "deleteUser" -> DeleteUserRequest.builder();
            default -> throw new AssertionError("unexpected IAM call " + method);
        };
        consumer.accept(builder);
        return ((software.amazon.awssdk.utils.builder.SdkBuilder) builder).build();
    }

    @Test
    void issuesAUserWithTheBoundaryTheFoldersPolicyAndOneKey() {
        IamBackupKeys iam = new IamBackupKeys(iam(), "family-originals", BOUNDARY);
        BackupKey key = iam.issue("ann@example.org", "photos/Ann/");
        assertThat(key.principalId()).isEqualTo("AIDAEXAMPLEUSER");
        assertThat(key.secretAccessKey()).isEqualTo("sAKIAEXAMPLE1");
        CreateUserRequest user = (CreateUserRequest) calls.get(0);
        assertThat(user.path()).isEqualTo("/gallery-backup/family-originals/");
        assertThat(user.permissionsBoundary()).isEqualTo(BOUNDARY);
        assertThat(user.userName()).startsWith("gb-Ann-").hasSizeLessThanOrEqualTo(64);
        assertThat(user.tags()).extracting(t -> t.key() + "=" + t.value())
                .containsExactlyInAnyOrder("gallery:member=ann@example.org", "gallery:prefix=photos/Ann/");
        PutUserPolicyRequest policy = (PutUserPolicyRequest) calls.get(1);
        assertThat(policy.policyDocument()).isEqualTo(BackupPolicy.forKey("family-originals", "photos/Ann/"));
        assertThat(calls.get(2)).isInstanceOf(CreateAccessKeyRequest.class);
        // Another gallery's bucket in the same account gets another user name for the same folder.
        assertThat(new IamBackupKeys(iam(), "other-originals", BOUNDARY).userName("photos/Ann/")).isNotEqualTo(user.userName());
        assertThat(iam.userName("photos/" + "A".repeat(63) + "/")).hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void rotateLeavesOneNewKeyAndRevokeLeavesNoUser() {
        IamBackupKeys iam = new IamBackupKeys(iam(), "family-originals", BOUNDARY);
        BackupKey first = iam.issue("ann@example.org", "photos/Ann/");
        BackupKey rotated = iam.rotate(first);
        assertThat(keys).containsExactly(rotated.accessKeyId()).doesNotContain(first.accessKeyId());
        assertThat(rotated.principalId()).isEqualTo(first.principalId());
        iam.revoke(rotated);
        assertThat(keys).isEmpty();
        assertThat(calls).hasAtLeastOneElementOfType(DeleteUserPolicyRequest.class).last().isInstanceOf(DeleteUserRequest.class);
    }

    @Test
    void issuingInAwsNeedsTheBoundary() {
        assertThatThrownBy(() -> new IamBackupKeys(iam(), "family-originals", null).issue("ann@example.org", "photos/Ann/"))
                .isInstanceOf(ConfigProblem.class).hasMessageContaining("--boundary-arn");
    }
}
