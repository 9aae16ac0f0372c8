package gallery.core.deploy;

/**
 * What the stack bills every month whether anyone uploads or looks: the resources with a monthly
 * price rather than a per-request one. infra's template tests check these counts against the
 * synthesized stack, so {@code admin cost} and the README cannot drift from what is deployed.
 */
public final class StandingCharges {
    /** Secrets Manager secrets (the CloudFront signing key). */
    public static final int SECRETS = 1;
    /**
     * Metrics read by CloudWatch alarms (standard resolution, billed per metric, a math alarm per metric
     * in it): three dead-letter queues, the account's Lambda errors and throttles, the oldest message of
     * the ingest and render lanes.
     */
    public static final int ALARM_METRICS = 7;
    /** us-east-1 list prices, December 2026. */
    public static final double SECRET_MONTH = 0.40;
    public static final double ALARM_MONTH = 0.10;

    private StandingCharges() {
    }

    public static double monthly() {
        return SECRETS * SECRET_MONTH + ALARM_METRICS * ALARM_MONTH;
    }
}
