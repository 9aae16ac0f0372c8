package gallery.infra;

import gallery.index.PhotoTable;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableClass;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The photo index: exactly the schema of {@link PhotoTable} (photo-index/, docs/architecture.md
 * "Photo index"), named from its constants so the two cannot drift. On-demand billing (a family's
 * traffic is bursts and silence), point-in-time recovery, TTL for tombstones, and the Standard-IA table
 * class: an idle month pays its storage, $0.10 a GB instead of $0.25, while its 25% dearer requests
 * matter only past some 480,000 writes a month (docs/deploy.md, "A terabyte for $6 a month").
 */
public final class PhotoIndexTable extends Construct {
    private final Table table;

    public PhotoIndexTable(Construct scope, String id) {
        super(scope, id);
        this.table = Table.Builder.create(this, "Table")
                .partitionKey(string(PhotoTable.PK))
                .sortKey(string(PhotoTable.SK))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .tableClass(TableClass.STANDARD_INFREQUENT_ACCESS)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                // Encrypted at rest with DynamoDB's own key: a KMS key would add a monthly fee and request charges.
                .encryption(TableEncryption.DEFAULT)
                .timeToLiveAttribute(PhotoTable.EXPIRES_AT)
                // The index can be rebuilt by reprocessing, but not for free: keep it.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        gsi(PhotoTable.TIMELINE_INDEX, PhotoTable.TIMELINE_PK, PhotoTable.TIMELINE_SK);
        gsi(PhotoTable.FAILED_INDEX, PhotoTable.FAILED_PK, PhotoTable.FAILED_SK);
    }

    private void gsi(String name, String pk, String sk) {
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(name)
                .partitionKey(string(pk))
                .sortKey(string(sk))
                .projectionType(ProjectionType.ALL)
                .build());
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    public Table table() {
        return table;
    }

    /**
     * Reads by key and by query, on the table and its indexes: the index never scans (docs/architecture.md
     * "Photo index"), so no role gets {@code dynamodb:Scan}, which CDK's {@code grantReadData} includes.
     */
    static void grantRead(ITable table, IGrantable grantee) {
        grant(table, grantee, READ_ACTIONS);
    }

    /** {@link #grantRead} and item writes (transactions are authorized by the actions they contain). */
    static void grantReadWrite(ITable table, IGrantable grantee) {
        grant(table, grantee, READ_ACTIONS);
        grant(table, grantee, WRITE_ACTIONS);
    }

    /**
     * PutItem and DeleteItem only on items whose partition key starts with one of {@code prefixes}
     * ({@code dynamodb:LeadingKeys}): a function that keeps records of its own beside the photos cannot touch a photo's.
     */
    static void grantItemWrites(ITable table, IGrantable grantee, List<String> prefixes) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem", "dynamodb:DeleteItem"))
                .resources(List.of(table.getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", prefixes.stream().map(p -> p + "*").toList())))
                .build());
    }

    static final List<String> READ_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
            "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable");
    static final List<String> WRITE_ACTIONS = List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem");

    private static void grant(ITable table, IGrantable grantee, List<String> actions) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(table.getTableArn(), table.getTableArn() + "/index/*"))
                .build());
    }
}
