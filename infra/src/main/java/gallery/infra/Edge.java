package gallery.infra;

import gallery.core.PhotoKey;
import gallery.core.edge.EdgeAccess;
import gallery.core.preset.OutputFormat;
import gallery.core.routes.ContentSecurityPolicy;
import gallery.core.routes.OriginKind;
import gallery.core.routes.Route;
import gallery.core.routes.Routes;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.CachedMethods;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.ICachePolicy;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.IResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersXSSProtection;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.FunctionUrlOrigin;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunctionUrl;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one CloudFront distribution, made from the shared route table ({@link Routes#ALL}) so the
 * local edge and AWS cannot drift: one behaviour per route, in the table's order, default last.
 * Every bucket and the resizer's function URL are reached through Origin Access Control (CloudFront
 * signs its requests; nothing else may read them); the HTTP API checks tokens itself. Protected
 * routes trust only the gallery's key group.
 */
public final class Edge extends Construct {
    private final Distribution distribution;
    private final Map<OriginKind, IOrigin> origins;
    private final IResponseHeadersPolicy securityHeaders;
    private software.amazon.awscdk.services.cloudfront.Function accessFunction;
    private software.amazon.awscdk.services.cloudfront.Function relabel;

    /**
     * The access function's name, fixed so the admin tool can publish rules to it: the stack's name, which is
     * unique in the account as CloudFront Function names must be.
     */
    static String accessFunctionName(Stack stack) {
        return stack.getStackName() + "-edge-access";
    }

    public software.amazon.awscdk.services.cloudfront.Function accessFunction() {
        return accessFunction;
    }


    public Edge(Construct scope, String id, Props props) {
        super(scope, id);
        // CloudFront's managed SecurityHeadersPolicy has no Content-Security-Policy: the same headers, plus ours.
        this.securityHeaders = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("security headers and the site's Content-Security-Policy")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(ContentSecurityPolicy.of(
                                        ContentSecurityPolicy.cognitoOrigin(Stack.of(this).getRegion()),
                                        // browser uploads send their parts straight to the originals bucket
                                        ContentSecurityPolicy.bucketOrigin(props.storage.originals().getBucketName(), Stack.of(this).getRegion())))
                                .override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder().frameOption(HeadersFrameOption.DENY).override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN).override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(365)).includeSubdomains(false).override(true).build())
                        .xssProtection(ResponseHeadersXSSProtection.builder().protection(true).modeBlock(true).override(true).build())
                        .build())
                .build();
        IOrigin web = S3BucketOrigin.withOriginAccessControl(props.storage.web());
        IOrigin api = HttpOrigin.Builder.create(props.http.domainName())
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .build();
        this.origins = new EnumMap<>(OriginKind.class);
        origins.put(OriginKind.WEB, web);
        origins.put(OriginKind.SITE_CONFIG, web);
        origins.put(OriginKind.SIGNER, api);
        origins.put(OriginKind.API, api);
        origins.put(OriginKind.DERIVED_BUCKET, S3BucketOrigin.withOriginAccessControl(props.storage.derived()));
        // The originals bucket through a reference, so the origin does not write its usual bucket-wide
        // read grant: CloudFront may read photos/* and nothing else (statement below).
        IBucket originalsForEdge = Bucket.fromBucketAttributes(this, "OriginalsForCloudFront", BucketAttributes.builder()
                .bucketArn(props.storage.originals().getBucketArn())
                .bucketRegionalDomainName(props.storage.originals().getBucketRegionalDomainName())
                .build());
        origins.put(OriginKind.ORIGINALS_BUCKET, S3BucketOrigin.withOriginAccessControl(originalsForEdge));
        origins.put(OriginKind.RESIZER, FunctionUrlOrigin.withOriginAccessControl(props.resizerUrl));
        for (OriginKind kind : OriginKind.values()) {
            if (!origins.containsKey(kind)) throw new IllegalStateException("no CloudFront origin for " + kind);
        }

        // One viewer-request function per behaviour: the access check of every protected route, which on
        // /resize/ also reduces Accept. Deployed refusing member URLs until the admin tool publishes the rules.
        software.amazon.awscdk.services.cloudfront.Function acceptToFormat =
                software.amazon.awscdk.services.cloudfront.Function.Builder.create(this, "EdgeAccess")
                        .functionName(accessFunctionName(Stack.of(this)))
                        .runtime(FunctionRuntime.JS_2_0)
                        .code(FunctionCode.fromInline(EdgeAccess.unpublishedFunctionSource(EdgeAccess.acceptBlock())))
                        .comment("Checks access labels against album rules (gallery.core.edge.EdgeAccess); admin albums publish")
                        .build();
        this.accessFunction = acceptToFormat;
        this.relabel = software.amazon.awscdk.services.cloudfront.Function.Builder.create(this, "ResizeRedirectLabel")
                .runtime(FunctionRuntime.JS_2_0)
                .code(FunctionCode.fromInline(EdgeAccess.redirectLabelSource()))
                .comment("Puts the request's access label back on the resizer's redirects")
                .build();

        Map<String, BehaviorOptions> behaviours = new LinkedHashMap<>();
        for (Route route : Routes.ALL) {
            if (route.isDefault()) continue;
            behaviours.put(route.pathPattern(), behaviour(route, props, acceptToFormat));
        }
        this.distribution = Distribution.Builder.create(this, "Distribution")
                .comment("family photo gallery")
                .defaultBehavior(behaviour(Routes.defaultRoute(), props, acceptToFormat))
                .additionalBehaviors(behaviours)
                .defaultRootObject("index.html")
                // North America and Europe only: the cheapest class; viewers elsewhere still get served.
                .priceClass(PriceClass.PRICE_CLASS_100)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .build();
        props.storage.originals().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudFrontReadsPhotos")
                .principals(List.of(new ServicePrincipal("cloudfront.amazonaws.com")))
                .actions(List.of("s3:GetObject"))
                .resources(List.of(props.storage.originals().arnForObjects(PhotoKey.PREFIX + "*")))
                .conditions(Map.of("StringEquals", Map.of("AWS:SourceArn", distribution.getDistributionArn())))
                .build());
        Annotations.of(this).acknowledgeWarning("@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac",
                "the originals bucket's policy is written here, for photos/* only");
    }

    private BehaviorOptions behaviour(Route route, Props props, software.amazon.awscdk.services.cloudfront.Function acceptToFormat) {
        BehaviorOptions.Builder b = BehaviorOptions.builder()
                .origin(origins.get(route.origin()))
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .allowedMethods(allowedMethods(route.methods()))
                .cachedMethods(route.methods() == gallery.core.routes.AllowedMethods.GET_HEAD
                        ? CachedMethods.CACHE_GET_HEAD : CachedMethods.CACHE_GET_HEAD_OPTIONS)
                .responseHeadersPolicy(securityHeaders)
                .compress(true);
        if (route.cache().caches()) {
            b.cachePolicy(cachePolicy(route));
        } else {
            b.cachePolicy(CachePolicy.CACHING_DISABLED);
            // The HTTP API needs the viewer's Authorization and query; a bucket needs nothing, and S3 would
            // honour response-content-type / -disposition overrides in a forwarded query string.
            if (!isBucket(route.origin())) b.originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER);
        }
        if (route.signedCookies()) b.trustedKeyGroups(List.of(props.keys.keyGroup()));
        if (route.signedCookies()) {
            List<FunctionAssociation> functions = new java.util.ArrayList<>();
            functions.add(FunctionAssociation.builder().eventType(FunctionEventType.VIEWER_REQUEST).function(acceptToFormat).build());
            if (route == Routes.RESIZE) {
                functions.add(FunctionAssociation.builder().eventType(FunctionEventType.VIEWER_RESPONSE).function(relabel).build());
            }
            b.functionAssociations(functions);
        }
        return b.build();
    }

    private ICachePolicy cachePolicy(Route route) {
        gallery.core.routes.CachePolicy c = route.cache();
        // Text (the web UI, config.json) compresses; images are compressed already.
        boolean text = route.origin() == OriginKind.WEB || route.origin() == OriginKind.SITE_CONFIG;
        return CachePolicy.Builder.create(this, constructName(route.origin()) + "Cache")
                .comment("route " + route.pathPattern())
                .minTtl(Duration.seconds(0))
                .defaultTtl(Duration.seconds(c.defaultTtl().toSeconds()))
                .maxTtl(Duration.seconds(c.maxTtl().toSeconds()))
                .queryStringBehavior(c.queryParams().isEmpty() ? CacheQueryStringBehavior.none()
                        : CacheQueryStringBehavior.allowList(c.queryParams().toArray(String[]::new)))
                .headerBehavior(c.headers().isEmpty() ? CacheHeaderBehavior.none()
                        : CacheHeaderBehavior.allowList(c.headers().toArray(String[]::new)))
                .cookieBehavior(CacheCookieBehavior.none())
                .enableAcceptEncodingGzip(text)
                .enableAcceptEncodingBrotli(text)
                .build();
    }

    static boolean isBucket(OriginKind kind) {
        return switch (kind) {
            case WEB, SITE_CONFIG, DERIVED_BUCKET, ORIGINALS_BUCKET -> true;
            case SIGNER, API, RESIZER -> false;
        };
    }

    private static AllowedMethods allowedMethods(gallery.core.routes.AllowedMethods methods) {
        return switch (methods) {
            case GET_HEAD -> AllowedMethods.ALLOW_GET_HEAD;
            case GET_HEAD_OPTIONS -> AllowedMethods.ALLOW_GET_HEAD_OPTIONS;
            case ALL -> AllowedMethods.ALLOW_ALL;
        };
    }

    private static String constructName(OriginKind kind) {
        StringBuilder s = new StringBuilder();
        for (String part : kind.name().toLowerCase(Locale.ROOT).split("_")) {
            s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return s.toString();
    }

    /**
     * The Accept rule's function ({@link EdgeAccess#acceptFunctionSource}); the access function runs it on /resize/.
     */
    static String acceptFunctionSource() {
        return EdgeAccess.acceptFunctionSource();
    }

    public Distribution distribution() {
        return distribution;
    }

    /** The site's address: what the signer's cookie policy covers and the output people open. */
    public String siteUrl() {
        return "https://" + distribution.getDistributionDomainName();
    }

    public static Builder builder() {
        return new Builder();
    }

    public record Props(Storage storage, HttpEndpoints http, IFunctionUrl resizerUrl, SigningKeys keys) {
        public Props {
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(resizerUrl, "resizerUrl");
            Objects.requireNonNull(keys, "keys");
        }
    }

    public static final class Builder {
        private Storage storage;
        private HttpEndpoints http;
        private IFunctionUrl resizerUrl;
        private SigningKeys keys;

        public Builder storage(Storage storage) { this.storage = storage; return this; }
        public Builder http(HttpEndpoints http) { this.http = http; return this; }
        public Builder resizerUrl(IFunctionUrl url) { this.resizerUrl = url; return this; }
        public Builder keys(SigningKeys keys) { this.keys = keys; return this; }

        public Edge build(Construct scope, String id) {
            return new Edge(scope, id, new Props(storage, http, resizerUrl, keys));
        }
    }
}
