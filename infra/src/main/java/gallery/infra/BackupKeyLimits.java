package gallery.infra;

import gallery.core.Json;
import gallery.core.backup.BackupPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * What members' backup keys may ever be, and what the admin tool needs to issue them. The keys are
 * IAM users the admin tool creates and deletes as members come and go (not CloudFormation
 * resources: a stack update per family member would be slow and would need the CDK toolchain), so
 * the stack fixes their ceiling instead:
 * <ul>
 *   <li>{@code Boundary}: the permissions boundary every backup user is created with, the grants of
 *   {@link BackupPolicy} over {@code photos/*} plus its denies. Whatever inline policy a user
 *   carries, it can never do more than list, read and add originals.</li>
 *   <li>{@code Admin}: a policy to give whoever runs {@code users backup-key} (instead of
 *   administrator access): it may create users only under the gallery's path and only with that
 *   boundary, and may not remove or change a boundary.</li>
 * </ul>
 */
final class BackupKeyLimits extends Construct {
    private final ManagedPolicy boundary;
    private final ManagedPolicy admin;

    @SuppressWarnings("unchecked")
    BackupKeyLimits(Construct scope, String id, IBucket originals) {
        super(scope, id);
        Map<String, Object> document = Json.read(BackupPolicy.boundary(originals.getBucketName()), Map.class);
        this.boundary = ManagedPolicy.Builder.create(this, "Boundary")
                .description("Permissions boundary of members' backup keys: list, read and add under photos/, never delete")
                .document(PolicyDocument.fromJson(document))
                .build();
        String users = "arn:" + Stack.of(this).getPartition() + ":iam::" + Stack.of(this).getAccount() + ":user"
                + BackupPolicy.IAM_PATH + originals.getBucketName() + "/*";
        this.admin = ManagedPolicy.Builder.create(this, "Admin")
                .description("What ./gallery admin users backup-key needs: users under the gallery's path, only with the boundary")
                .statements(List.of(
                        PolicyStatement.Builder.create().sid("CreateOnlyWithTheBoundary").effect(Effect.ALLOW)
                                .actions(List.of("iam:CreateUser", "iam:PutUserPolicy"))
                                .resources(List.of(users))
                                .conditions(Map.of("StringEquals", Map.of("iam:PermissionsBoundary", boundary.getManagedPolicyArn())))
                                .build(),
                        PolicyStatement.Builder.create().sid("ManageBackupUsers").effect(Effect.ALLOW)
                                .actions(List.of("iam:GetUser", "iam:TagUser", "iam:ListUserTags", "iam:CreateAccessKey",
                                        "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:DeleteUserPolicy", "iam:DeleteUser"))
                                .resources(List.of(users))
                                .build(),
                        PolicyStatement.Builder.create().sid("ListUsers").effect(Effect.ALLOW)
                                .actions(List.of("iam:ListUsers")).resources(List.of("*")).build(),
                        PolicyStatement.Builder.create().sid("KeepTheBoundary").effect(Effect.DENY)
                                .actions(List.of("iam:DeleteUserPermissionsBoundary", "iam:PutUserPermissionsBoundary",
                                        "iam:AttachUserPolicy", "iam:AddUserToGroup"))
                                .resources(List.of("*"))
                                .build()))
                .build();
    }

    ManagedPolicy boundary() {
        return boundary;
    }

    ManagedPolicy admin() {
        return admin;
    }
}
