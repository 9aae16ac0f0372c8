package gallery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static gallery.infra.StorageTest.logicalId;
import static gallery.infra.SynthesizedGallery.firstTarget;
import static gallery.infra.SynthesizedGallery.json;
import static gallery.infra.SynthesizedGallery.list;
import static gallery.infra.SynthesizedGallery.resource;
import static gallery.infra.SynthesizedGallery.resources;
import static gallery.infra.SynthesizedGallery.stack;
import static gallery.infra.SynthesizedGallery.target;
import static org.assertj.core.api.Assertions.assertThat;

/** Members' backup keys can never be more than list, read and add under photos/ (the boundary), and only the admin tool makes them. */
class BackupKeyLimitsTest {
    private static JsonNode statements(String logicalId) {
        return resource(logicalId).at("/Properties/PolicyDocument/Statement");
    }

    private static List<String> actions(JsonNode statement) {
        return list(statement.get("Action")).stream().map(JsonNode::asText).toList();
    }

    @Test
    void theBoundaryAllowsListReadAndAddUnderPhotosOnlyAndDeniesEveryDelete() {
        String boundary = logicalId(stack().backupKeys().boundary());
        String originals = logicalId(stack().storage().originals());
        JsonNode st = statements(boundary);
        for (JsonNode s : st) {
            if (!s.get("Effect").asText().equals("Allow")) continue;
            assertThat(actions(s)).as(s.toString()).allSatisfy(a -> {
                assertThat(a).doesNotContain("*").doesNotContain("Delete").doesNotContain("Acl");
                assertThat(a).isIn("s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");
            });
            assertThat(firstTarget(s.get("Resource"))).isEqualTo(originals);
        }
        JsonNode list = st.get(0);
        assertThat(actions(list)).containsExactly("s3:ListBucket");
        assertThat(list.at("/Condition/StringLike/s3:prefix").asText()).isEqualTo("photos/*");
        assertThat(st.get(1).get("Resource").toString()).contains("/photos/*");
        JsonNode deny = st.get(2);
        assertThat(deny.get("Effect").asText()).isEqualTo("Deny");
        assertThat(actions(deny)).contains("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutBucketVersioning",
                "s3:PutLifecycleConfiguration", "s3:BypassGovernanceRetention");
    }

    @Test
    void theAdminPolicyCreatesUsersOnlyWithTheBoundaryAndOnlyUnderTheGallerysPath() {
        String boundary = logicalId(stack().backupKeys().boundary());
        JsonNode st = statements(logicalId(stack().backupKeys().admin()));
        JsonNode create = st.get(0);
        assertThat(actions(create)).containsExactlyInAnyOrder("iam:CreateUser", "iam:PutUserPolicy");
        assertThat(target(create.at("/Condition/StringEquals/iam:PermissionsBoundary"))).isEqualTo(boundary);
        for (int i = 0; i < 2; i++) assertThat(st.get(i).get("Resource").toString()).contains(":user/gallery-backup/");
        JsonNode keep = st.get(3);
        assertThat(keep.get("Effect").asText()).isEqualTo("Deny");
        assertThat(actions(keep)).contains("iam:DeleteUserPermissionsBoundary", "iam:PutUserPermissionsBoundary", "iam:AttachUserPolicy");
    }

    @Test
    void noMemberUserIsAStackResourceAndTheAdminToolIsToldTheBoundary() {
        assertThat(resources("AWS::IAM::User")).isEmpty();
        assertThat(resources("AWS::IAM::AccessKey")).isEmpty();
        assertThat(target(json().at("/Outputs/BackupKeyBoundaryArn/Value"))).isEqualTo(logicalId(stack().backupKeys().boundary()));
        assertThat(target(json().at("/Outputs/BackupKeyAdminPolicyArn/Value"))).isEqualTo(logicalId(stack().backupKeys().admin()));
    }
}
