package gallery.core.deploy;

/**
 * What the stack bills every month whether anyone uploads or looks: the resources with a monthly
 * price rather than a per-request one. infra's template tests check these counts against the
 * synthesized stack, so {@code admin cost} and the README cannot drift from what is deployed.
 *
 * <p>The signing key is a Parameter Store SecureString (standard tier, the AWS-managed {@code aws/ssm}
 * key): no monthly charge, where the Secrets Manager secret it replaced was $0.40.
 */
public final class StandingCharges {
    /** Secrets Manager secrets: none since the signing key moved to Parameter Store. */
    public static final int SECRETS = 0;
    /**
     * Metrics read by CloudWatch alarms (standard resolution, billed per metric, a math alarm per metric
     * in it): the one dead-letter queue of the four lanes, the account's Lambda errors, the oldest message of
     * the ingest and render lanes. (Before issue 20: eight, with a dead-letter queue per lane and throttles.)
     */
    public static final int ALARM_METRICS = 4;
    /** us-east-1 list prices, December 2026. */
    public static final double SECRET_MONTH = 0.40;
    public static final double ALARM_MONTH = 0.10;
    /** DynamoDB storage of the index, Standard-IA table class, and its point-in-time recovery, per GB-month. */
    public static final double INDEX_GB_MONTH = 0.10;
    public static final double INDEX_BACKUP_GB_MONTH = 0.20;

    private StandingCharges() {
    }

    public static double monthly() {
        return SECRETS * SECRET_MONTH + ALARM_METRICS * ALARM_MONTH;
    }

    /** The index's storage and its continuous backups for {@code gb} of table, a month. */
    public static double index(double gb) {
        return gb * (INDEX_GB_MONTH + INDEX_BACKUP_GB_MONTH);
    }
}
