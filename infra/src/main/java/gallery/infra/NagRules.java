package gallery.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.constructs.IConstruct;

import java.util.List;
import software.amazon.awscdk.customresources.AwsCustomResource;

/**
 * The cdk-nag AwsSolutions findings this design accepts, each with its reason. Anything not
 * listed here fails the synth (and GalleryStackTest's cdk-nag test).
 */
final class NagRules {
    private NagRules() {
    }

    static void suppress(GalleryStack stack) {
        List<JavaFunction> functions = List.of(
                stack.pipeline().ingest().function(), stack.pipeline().render().function(),
                stack.pipeline().reprocess().function(), stack.pipeline().video().function(), stack.resizer(), stack.signer(),
                stack.http().galleryApi());
        for (JavaFunction fn : functions) {
            NagSuppressions.addResourceSuppressions(fn.function(), List.of(because("AwsSolutions-L1",
                    "Java 21 is the compile target of every module (root pom, release 21) and a SnapStart runtime on arm64; "
                            + "moving to a newer Java runtime is a project-wide change, not a per-function one")), true);
            // Object-level grants are one key prefix; index grants are the table's own GSIs.
            NagSuppressions.addResourceSuppressions(fn.role(), List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5")
                    .reason("S3 object permissions are scoped to one key prefix (photos/*, renditions/* or renditions/resized/*), the narrowest "
                            + "S3 allows for keys that do not exist yet; DynamoDB index/* covers only this table's own GSIs, "
                            + "which the queries need")
                    .appliesTo(List.of(
                            regex("^Resource::<StorageOriginals[0-9A-F]+\\.Arn>/photos/\\*$"),
                            regex("^Resource::<StorageDerived[0-9A-F]+\\.Arn>/renditions/\\*$"),
                            regex("^Resource::<StorageDerived[0-9A-F]+\\.Arn>/renditions/resized/\\*$"),
                            regex("^Resource::<IndexTable[0-9A-F]+\\.Arn>/index/\\*$")))
                    .build()), true);
        }
        NagSuppressions.addResourceSuppressions(stack.signer().role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("kms:Decrypt of the signing-key parameter: the AWS-managed aws/ssm key's id is not known before deploy, so "
                        + "the resource is the account's keys, narrowed to Parameter Store's use of them (kms:ViaService) for this "
                        + "one parameter (kms:EncryptionContext:PARAMETER_ARN)")
                .appliesTo(List.of("Resource::arn:<AWS::Partition>:kms:<AWS::Region>:<AWS::AccountId>:key/*"))
                .build()), true);

        NagSuppressions.addResourceSuppressions(stack.backupKeys().boundary(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("the boundary is the ceiling of every member's backup key: objects under photos/ (keys that do not exist "
                        + "yet, so a prefix); each member's own inline policy narrows it to photos/<their folder>/*")
                .appliesTo(List.of(regex("^Resource::arn:aws:s3:::<StorageOriginals[0-9A-F]+>/photos/\\*$")))
                .build()), true);
        NagSuppressions.addResourceSuppressions(stack.backupKeys().admin(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("backup users are created by the admin tool as members come and go, so their names are not known to the "
                        + "stack: the policy covers the gallery's IAM path only, and creation only with the boundary; "
                        + "iam:ListUsers has no resource-level permissions; the * in the Deny statement only takes rights away")
                .appliesTo(List.of(
                        regex("^Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/gallery-backup/<StorageOriginals[0-9A-F]+>/\\*$"),
                        "Resource::*"))
                .build()), true);

        NagSuppressions.addResourceSuppressions(stack.auth().pool(), List.of(
                because("AwsSolutions-COG2", "invited family members choose TOTP MFA themselves; forcing it would lock "
                        + "out the least technical relatives, and the pool has no self sign-up to abuse"),
                because("AwsSolutions-COG3", "threat protection (Plus feature plan) is billed per monthly active user; "
                        + "a pool of a few invited users without sign-up does not warrant it")), true);

        NagSuppressions.addResourceSuppressions(stack.http().signOutRoute(), List.of(because("AwsSolutions-APIG4",
                "DELETE /session only answers Set-Cookie headers that expire the signed cookies; it grants nothing, and a "
                        + "browser whose access token has expired must still be able to sign out")), true);

        NagSuppressions.addResourceSuppressions(stack.http().sharedRoute(), List.of(because("AwsSolutions-APIG4",
                "GET /api/shared/<link id> is read by someone without an account: the link id (128 random bits) is the "
                        + "credential, and the api refuses an unknown, expired or revoked one (gallery.index.ShareLinks)")), true);
        NagSuppressions.addResourceSuppressions(stack.http().sessionRoute(), List.of(because("AwsSolutions-APIG4",
                "POST /session takes a member's access token or a share link's id (Authorization: Share <id>), which a JWT "
                        + "authorizer would refuse; the signer verifies the token and asks the user pool about its user itself")), true);

        NagSuppressions.addResourceSuppressions(stack.edge().distribution(), List.of(
                because("AwsSolutions-CFR1", "family and friends travel: no country is excluded, every photo path needs a signed cookie"),
                because("AwsSolutions-CFR2", "WAF costs a monthly fee per web ACL, more than the whole idle gallery; "
                        + "everything but the static UI needs a signed cookie or a Cognito token, and the API is throttled"),
                because("AwsSolutions-CFR3", "standard logs would record every thumbnail request of a private site at a storage "
                        + "cost; the HTTP API keeps access logs of the requests that reach a function"),
                because("AwsSolutions-CFR4", "the default *.cloudfront.net certificate is used, whose security policy CloudFront "
                        + "fixes; with a custom domain set minimumProtocolVersion TLSv1.2_2021")), true);

        // CDK's own helper functions (S3 notifications setup, BucketDeployment, the AwsCustomResource that
        // sets the originals bucket's CORS rule for browser uploads) are singletons whose
        // roles, runtime and managed policies CDK chooses; they run only during deployments.
        for (IConstruct c : stack.getNode().findAll()) {
            String id = c.getNode().getId();
            if (id.startsWith("BucketNotificationsHandler") || id.startsWith("Custom::CDKBucketDeployment")
                    || id.equals("AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""))) {
                NagSuppressions.addResourceSuppressions(c, List.of(
                        because("AwsSolutions-IAM4", "CDK's deployment-time helper uses AWSLambdaBasicExecutionRole for its logs"),
                        because("AwsSolutions-IAM5", "CDK's deployment-time helper: BucketDeployment copies the UI from the "
                                + "CDK assets bucket into the web bucket (object wildcards), the notifications helper "
                                + "configures bucket notifications (no resource-level scoping for that API)"),
                        because("AwsSolutions-L1", "CDK pins the runtime of its deployment-time helpers")), true);
            }
        }
    }

    static NagPackSuppression because(String rule, String reason) {
        return NagPackSuppression.builder().id(rule).reason(reason).build();
    }

    private static RegexAppliesTo regex(String pattern) {
        return RegexAppliesTo.builder().regex("/" + pattern.replace("/", "\\/") + "/").build();
    }
}
