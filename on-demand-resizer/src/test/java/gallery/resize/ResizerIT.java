package gallery.resize;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import gallery.core.PhotoKey;
import gallery.core.PhotoVersion;
import gallery.core.RenditionKey;
import gallery.core.ResizedKey;
import gallery.core.UrlPaths;
import gallery.core.preset.OutputFormat;
import gallery.imaging.ImagingConfig;
import gallery.imaging.Renderer;
import gallery.imaging.vips.Vips;
import gallery.imaging.vips.VipsImage;
import gallery.index.PhotoIndex;
import gallery.core.PhotoMetadata;
import gallery.index.PhotoTable;
import gallery.index.Rendered;
import gallery.core.Rendition;
import gallery.index.Upload;
import gallery.testing.EmulatedAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The resizer on S3Proxy and DynamoDB Local with real libvips and a real 5640×3172 photo. A 1280
 * rendition is rendered into the derived bucket first, as the worker would, and recorded in the index.
 */
class ResizerIT {
    private static final Path PHOTO = Path.of("/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg");
    private static final String ORIGINALS = "originals";
    private static final String DERIVED = "derived";
    private static final String TABLE = "photos-resizer-it";
    private static final PhotoKey KEY = PhotoKey.of("photos/Safari 2024/Elephants #1.jpg");
    private static final PhotoKey MISSING_ORIGINAL = PhotoKey.of("photos/Safari 2024/rendition only.jpg");
    private static final String ETAG = "\"5a1e2b3c4d5e6f708192a3b4c5d6e7f8\"";
    private static final String CHROME_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";

    private static EmulatedAws aws;
    private static S3Client s3;
    private static DynamoDbClient dynamo;
    private static Renderer renderer;
    private static Vips vips;
    private static ResizeConfig config;
    private static Resizer resizer;
    private static String version;
    private static String encodedKey;

    @BeforeAll
    static void start() throws Exception {
        aws = EmulatedAws.start(ORIGINALS, DERIVED);
        s3 = aws.s3();
        dynamo = aws.dynamo();
        PhotoTable.create(dynamo, TABLE);
        config = new ResizeConfig(ORIGINALS, DERIVED, TABLE, 16, 4096, ResizeConfig.DEFAULT_INLINE_MAX_BYTES, ImagingConfig.defaults());
        renderer = new Renderer(config.imaging());
        vips = Vips.load(Optional.empty(), 0);
        PhotoIndex index = new PhotoIndex(dynamo, TABLE);

        byte[] original = Files.readAllBytes(PHOTO);
        s3.putObject(b -> b.bucket(ORIGINALS).key(KEY.value()), RequestBody.fromBytes(original));
        gallery.imaging.Encoded r1280 = renderer.resize(KEY.value(), original, 1280, 1280, OutputFormat.WEBP, 80);
        for (PhotoKey key : List.of(KEY, MISSING_ORIGINAL)) {
            s3.putObject(b -> b.bucket(DERIVED).key(new RenditionKey(1280, key, OutputFormat.WEBP).value()).contentType("image/webp"),
                    RequestBody.fromBytes(r1280.data()));
            PhotoMetadata md = new PhotoMetadata(5640, 3172, null, "NIKON", "D800", null, null);
            Upload upload = new Upload(key, ETAG, null, "00000000000000000001", original.length, Instant.now(), md, "default", 1);
            index.recordUpload(upload);
            index.completeRender(key, ETAG, new Rendered(md, "ph", "default", 1,
                    List.of(new Rendition(1280, r1280.width(), r1280.height(), OutputFormat.WEBP, r1280.bytes()))));
        }
        resizer = new Resizer(config, index, s3, renderer);
        version = PhotoVersion.of(ETAG);
        encodedKey = UrlPaths.encodeKey(KEY.value());
    }

    @AfterAll
    static void stop() throws Exception {
        if (aws != null) aws.close();
    }

    private static Reply get(String rawPath, String v, String accept) {
        return resizer.handle(new Resizer.Call("GET", rawPath, v, accept));
    }

    private static int[] size(byte[] image) {
        try (VipsImage header = vips.header(vips.buffer(image))) {
            return new int[]{header.width(), header.height()};
        }
    }

    @Test
    void servesACanonicalSizeFromTheSmallestLargeEnoughRenditionImmutably() {
        // This photo's original is not in the bucket: a 200 proves the 1280 rendition was the source.
        Reply r = get("/resize/1024x1024/" + UrlPaths.encodeKey(MISSING_ORIGINAL.value()), version, "image/webp,*/*");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("image/webp");
        // Shorter than the stored result's lifetime, so a removal always finds what the edge may hold.
        assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=" + gallery.core.ResizedKey.REDIRECT_MAX_AGE_SECONDS);
        assertThat(r.header("Vary")).isEqualTo("Accept");
        assertThat(size(r.body())).containsExactly(1024, 576);
        assertThat(new String(r.body(), 0, 4)).isEqualTo("RIFF");
    }

    @Test
    void sizesLargerThanEveryRenditionComeFromTheOriginal() {
        Reply r = get("/resize/2048x2048/" + encodedKey, version, "image/jpeg");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(size(r.body())).containsExactly(2048, 1152);
        // Without the original, the same size cannot be made.
        Reply none = get("/resize/2048x2048/" + UrlPaths.encodeKey(MISSING_ORIGINAL.value()), version, "image/jpeg");
        assertThat(none.status()).isEqualTo(404);
    }

    /**
     * The resizer starts reading the default preset's WebP while it reads the index; when the row names another
     * source (here the JPEG preset's 1280 px), that one is read and the early bytes are dropped. A stray 64 px
     * WebP under the guessed key would otherwise have been scaled up to nothing like the photo.
     */
    @Test
    void theIndexDecidesTheSourceEvenWhenAnotherRenditionWasFetchedEarly() {
        PhotoKey key = PhotoKey.of("photos/Safari 2024/jpeg preset.jpg");
        byte[] original = readPhoto();
        gallery.imaging.Encoded jpeg = renderer.resize(key.value(), original, 1280, 1280, OutputFormat.JPEG, 82);
        gallery.imaging.Encoded stray = renderer.resize(key.value(), original, 64, 64, OutputFormat.WEBP, 80);
        s3.putObject(b -> b.bucket(DERIVED).key(new RenditionKey(1280, key, OutputFormat.JPEG).value()), RequestBody.fromBytes(jpeg.data()));
        s3.putObject(b -> b.bucket(DERIVED).key(new RenditionKey(1280, key, OutputFormat.WEBP).value()), RequestBody.fromBytes(stray.data()));
        PhotoIndex index = new PhotoIndex(dynamo, TABLE);
        PhotoMetadata md = new PhotoMetadata(5640, 3172, null, "NIKON", "D800", null, null);
        index.recordUpload(new Upload(key, ETAG, null, "00000000000000000001", original.length, Instant.now(), md, "jpeg", 1));
        index.completeRender(key, ETAG, new Rendered(md, "ph", "jpeg", 1,
                List.of(new Rendition(1280, jpeg.width(), jpeg.height(), OutputFormat.JPEG, jpeg.bytes()))));

        Reply r = get("/resize/1024x1024/" + UrlPaths.encodeKey(key.value()), version, "image/webp,*/*");
        assertThat(r.status()).isEqualTo(200);
        assertThat(size(r.body())).containsExactly(1024, 576);
    }

    private static byte[] readPhoto() {
        try {
            return Files.readAllBytes(PHOTO);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theFormatFollowsAccept() {
        String path = "/resize/256x256/" + encodedKey;
        OutputFormat best = renderer.canEncode(OutputFormat.AVIF) ? OutputFormat.AVIF : OutputFormat.WEBP;
        Reply chrome = get(path, version, CHROME_ACCEPT);
        assertThat(chrome.header("Content-Type")).isEqualTo(best.contentType());
        assertThat(size(chrome.body())).containsExactly(256, 144);
        assertThat(get(path, version, "image/webp,image/*").header("Content-Type")).isEqualTo("image/webp");
        Reply plain = get(path, version, "image/*,*/*;q=0.8");
        assertThat(plain.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(plain.body()[0] & 0xff).isEqualTo(0xFF);
        assertThat(plain.body()[1] & 0xff).isEqualTo(0xD8);
    }

    @Test
    void oddSizesAreSnappedAndRedirectedToTheCanonicalUrl() {
        // 5640x3172 in 1366x768 fits as 1366x768: longest edge 1366 snaps up to the 1448 rung.
        Reply r = get("/resize/1366x768/" + encodedKey, version, CHROME_ACCEPT);
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.header("Location")).isEqualTo("/resize/1448x1448/" + encodedKey + "?v=" + version);
        assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=86400");
        assertThat(r.body()).isEmpty();
        Reply target = get("/resize/1448x1448/" + encodedKey, version, "image/webp");
        assertThat(target.status()).isEqualTo(200);
        assertThat(size(target.body())).containsExactly(1448, 814);
    }

    @Test
    void aMissingOrStaleVersionIsRedirectedToTheCurrentOneWithoutCaching() {
        for (String v : new String[]{null, "0badc0ffee00"}) {
            Reply r = get("/resize/1024x1024/" + encodedKey, v, "image/webp");
            assertThat(r.status()).isEqualTo(302);
            assertThat(r.header("Location")).isEqualTo("/resize/1024x1024/" + encodedKey + "?v=" + version);
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        }
    }

    @Test
    void badRequestsNameTheParameterAndUnknownPhotosAre404() {
        assertThat(get("/resize/5000x100/" + encodedKey, version, null).status()).isEqualTo(400);
        Reply tricks = get("/resize/100x100/photos/%2e%2e/%2e%2e/etc/passwd", version, null);
        assertThat(tricks.status()).isEqualTo(400);
        assertThat(new String(tricks.body())).contains("\"parameter\":\"key\"");
        Reply unknown = get("/resize/100x100/photos/Safari%202024/nobody.jpg", version, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Cache-Control")).isEqualTo("no-store");
        assertThat(resizer.handle(new Resizer.Call("POST", "/resize/100x100/" + encodedKey, version, null)).status()).isEqualTo(405);
    }

    @Test
    void aResultTooLargeForALambdaResponseIsStoredAndRedirectedTo() {
        ResizeConfig small = new ResizeConfig(ORIGINALS, DERIVED, TABLE, 16, 4096, 10_000, ImagingConfig.defaults());
        Resizer lowLimit = new Resizer(small, new PhotoIndex(dynamo, TABLE), s3, renderer);
        Reply r = lowLimit.handle(new Resizer.Call("GET", "/resize/1024x1024/" + encodedKey, version, "image/webp"));
        assertThat(r.status()).isEqualTo(302);
        String largeKey = "renditions/resized/photos/Safari 2024/Elephants #1.jpg/1024x1024.webp";
        assertThat(largeKey).isEqualTo(Resizer.largeKey(1024, KEY, OutputFormat.WEBP));
        assertThat(r.header("Location")).isEqualTo("/" + UrlPaths.encodeKey(largeKey) + "?v=" + version);
        // the stored result expires (lifecycle); a cached redirect must not outlive it
        assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=" + ResizedKey.REDIRECT_MAX_AGE_SECONDS);
        assertThat(ResizedKey.REDIRECT_MAX_AGE_SECONDS).isLessThan(ResizedKey.LIFETIME_DAYS * 24 * 3600);
        assertThat(r.header("Vary")).isEqualTo("Accept");
        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(b -> b.bucket(DERIVED).key(largeKey));
        assertThat(stored.response().contentType()).isEqualTo("image/webp");
        assertThat(stored.response().cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(stored.response().metadata()).containsEntry("source-version", version);
        assertThat(stored.asByteArray().length).isGreaterThan(10_000);
        assertThat(size(stored.asByteArray())).containsExactly(1024, 576);
        // Under the default limit the same request is answered inline, and stored all the same: the photo's
        // prefix records every result the edge may cache under /resize/, for removal and invalidation.
        s3.deleteObject(b -> b.bucket(DERIVED).key(largeKey));
        Reply inline = get("/resize/1024x1024/" + encodedKey, version, "image/webp");
        assertThat(inline.status()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(DERIVED).key(largeKey)).asByteArray()).isEqualTo(inline.body());
    }

    @Test
    void theLambdaHandlerAnswersAFunctionUrlEventWithABase64Body() {
        ResizeHandler handler = new ResizeHandler(config, s3, dynamo);
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/resize/512x512/" + encodedKey)
                .withRawQueryString("v=" + version)
                .withHeaders(Map.of("accept", "image/webp,*/*"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build()).build())
                .build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getIsBase64Encoded()).isTrue();
        assertThat(response.getHeaders()).containsEntry("Content-Type", "image/webp").containsEntry("Vary", "Accept");
        assertThat(size(Base64.getDecoder().decode(response.getBody()))).containsExactly(512, 288);

        event.setRawPath("/resize/100x100/photos/a%2F..%2F..%2Fsecret.jpg");
        APIGatewayV2HTTPResponse refused = handler.handleRequest(event, null);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getIsBase64Encoded()).isFalse();
        assertThat(refused.getBody()).contains("\"parameter\":\"key\"");
    }
}
