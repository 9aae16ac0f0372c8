package gallery.infra;

import gallery.index.PhotoTable;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The photo index: exactly the schema of {@link PhotoTable} (photo-index/, docs/architecture.md
 * "Photo index"), named from its constants so the two cannot drift. On-demand billing (a family's
 * traffic is bursts and silence), point-in-time recovery, TTL for tombstones.
 */
public final class PhotoIndexTable extends Construct {
    private final Table table;

    public PhotoIndexTable(Construct scope, String id) {
        super(scope, id);
        this.table = Table.Builder.create(this, "Table")
                .partitionKey(string(PhotoTable.PK))
                .sortKey(string(PhotoTable.SK))
                .billingMode(BillingMode.PAY_PER_REQUEST)
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
}
