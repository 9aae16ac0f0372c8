package gallery.infra;

import gallery.core.preset.Presets;
import gallery.core.routes.Routes;
import gallery.resize.ResizeConfig;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.IDistribution;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.ISource;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the web bucket serves: {@code /config.json}, written at deploy time from this stack's own
 * values (the web UI reads it once at start-up: web/src/config.ts), and the built UI from
 * {@code web/dist} when it has been built. Hashed assets are immutable and cached for a year;
 * index.html and config.json for a minute, so a deploy shows within one.
 */
public final class SiteContent extends Construct {
    static final String CONFIG_FILE = Routes.SITE_CONFIG.pathPattern().substring(1);
    /** Vite's default {@code build.assetsDir}: every file in it has a content hash in its name. */
    static final String HASHED_ASSETS = "assets";

    public SiteContent(Construct scope, String id, IBucket web, IDistribution distribution, Auth auth, Path webDist) {
        super(scope, id);
        List<ISource> sources = new ArrayList<>();
        sources.add(Source.jsonData(CONFIG_FILE, config(auth)));
        boolean built = Files.isRegularFile(webDist.resolve("index.html"));
        if (built) {
            sources.add(Source.asset(webDist.toString(), AssetOptions.builder()
                    .exclude(List.of(HASHED_ASSETS + "/**")).build()));
        } else {
            Annotations.of(this).addInfo("web UI not built (" + webDist + "/index.html missing): deploying "
                    + CONFIG_FILE + " only; run `npm run build` in web/ first to ship the UI");
        }
        BucketDeployment.Builder.create(this, "Entry")
                .destinationBucket(web)
                .sources(sources)
                // Prune what an older UI left behind, but never the hashed assets: an index.html a
                // browser still holds may ask for them.
                .prune(true)
                .exclude(List.of(HASHED_ASSETS + "/*"))
                .cacheControl(List.of(CacheControl.setPublic(), CacheControl.maxAge(software.amazon.awscdk.Duration.minutes(1))))
                .distribution(distribution)
                .distributionPaths(List.of("/index.html", "/" + CONFIG_FILE))
                .build();
        Path assets = webDist.resolve(HASHED_ASSETS);
        if (built && Files.isDirectory(assets)) {
            BucketDeployment.Builder.create(this, "HashedAssets")
                    .destinationBucket(web)
                    .destinationKeyPrefix(HASHED_ASSETS + "/")
                    .sources(List.of(Source.asset(assets.toString())))
                    .prune(false)
                    .cacheControl(List.of(CacheControl.setPublic(), CacheControl.maxAge(software.amazon.awscdk.Duration.days(365)),
                            CacheControl.fromString("immutable")))
                    .build();
        }
    }

    /** The fields web/src/config.ts reads. */
    static Map<String, Object> config(Auth auth) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("region", Stack.of(auth).getRegion());
        c.put("userPoolId", auth.pool().getUserPoolId());
        c.put("clientId", auth.webClient().getUserPoolClientId());
        c.put("authFlow", "USER_SRP_AUTH");
        c.put("sizes", Presets.DEFAULT.sizes());
        // The resizer's ladder, so the viewer asks for canonical URLs (no redirect); the stack sets no RESIZE_*_SIZE.
        c.put("resizeSizes", ResizeConfig.DEFAULT_LADDER.rungs());
        c.put("sessionPath", Routes.SESSION.pathPattern());
        String api = Routes.API.pathPattern();
        c.put("apiBase", api.substring(0, api.length() - 2));
        return c;
    }
}
