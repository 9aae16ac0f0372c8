package gallery.core.routes;

/**
 * What answers a route. The CDK stack maps each kind to a CloudFront origin; the local edge maps
 * each kind to an in-process handler, S3Proxy or a folder.
 */
public enum OriginKind {
    /** The web UI's built files (web bucket). */
    WEB,
    /** {@code /config.json}: deploy-time UI settings; in AWS an object the deployment writes into the web bucket. */
    SITE_CONFIG,
    /** The signer Lambda ({@code gallery.signer.SessionHandler}). */
    SIGNER,
    /** The gallery API Lambda ({@code gallery.api.ApiHandler}). */
    API,
    /** The derived bucket: {@code renditions/...}. */
    DERIVED_BUCKET,
    /** The originals bucket: {@code photos/...}. */
    ORIGINALS_BUCKET,
    /** The on-demand-resizer Lambda function URL ({@code gallery.resize.ResizeHandler}). */
    RESIZER
}
