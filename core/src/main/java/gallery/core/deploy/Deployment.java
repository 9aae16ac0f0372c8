package gallery.core.deploy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import gallery.core.Json;
import gallery.core.config.GalleryData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one running gallery lives: region, credentials (local stack only), service endpoints
 * (local stack only; {@code null} means the AWS default for the region), bucket, table and queue
 * names, and the Cognito user pool. The local stack writes it as {@code .data/endpoints.json}; the
 * admin tool reads it as it reads a CDK stack's outputs in AWS.
 */
public record Deployment(
        String region,
        String accessKeyId,
        String secretAccessKey,
        Endpoints endpoints,
        String originalsBucket,
        String derivedBucket,
        String webBucket,
        String photoTable,
        Queues queues,
        String userPoolId,
        String userPoolClientId) {

    /** Service endpoints of a local stack; any of them may be {@code null} (not running, or AWS). */
    public record Endpoints(URI s3, URI sqs, URI dynamodb, URI cognito, URI edge) {
        public Endpoints withCognito(URI cognito) {
            return new Endpoints(s3, sqs, dynamodb, cognito, edge);
        }

        public Endpoints withEdge(URI edge) {
            return new Endpoints(s3, sqs, dynamodb, cognito, edge);
        }
    }

    /** Queue URLs: the lanes ({@link Lane}) and their dead-letter queues. */
    public record Queues(String ingest, String ingestDlq, String render, String renderDlq,
                         String reprocess, String reprocessDlq, String video, String videoDlq) {
    }

    public Deployment {
        List<String> problems = new ArrayList<>();
        requireText(problems, "region", region);
        requireText(problems, "originalsBucket", originalsBucket);
        requireText(problems, "derivedBucket", derivedBucket);
        requireText(problems, "photoTable", photoTable);
        if (queues == null) {
            problems.add("queues is missing: expected the ingest, render, reprocess and video queue URLs");
        } else {
            requireText(problems, "queues.ingest", queues.ingest());
            requireText(problems, "queues.render", queues.render());
            requireText(problems, "queues.reprocess", queues.reprocess());
            requireText(problems, "queues.video", queues.video());
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            problems.add("accessKeyId and secretAccessKey must be given together (or both left out to use the default AWS credentials)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid deployment: " + String.join("; ", problems));
        }
    }

    /** True for a local stack (endpoints given), false for AWS. */
    @JsonIgnore
    public boolean isLocal() {
        return endpoints != null;
    }

    public Deployment withEndpoints(Endpoints endpoints) {
        return new Deployment(region, accessKeyId, secretAccessKey, endpoints, originalsBucket, derivedBucket,
                webBucket, photoTable, queues, userPoolId, userPoolClientId);
    }

    public Deployment withUserPool(String userPoolId, String userPoolClientId) {
        return new Deployment(region, accessKeyId, secretAccessKey, endpoints, originalsBucket, derivedBucket,
                webBucket, photoTable, queues, userPoolId, userPoolClientId);
    }

    /** The same deployment as another key pair sees it (a member's backup key, in tests and benches). */
    public Deployment withCredentials(String accessKeyId, String secretAccessKey) {
        return new Deployment(region, accessKeyId, secretAccessKey, endpoints, originalsBucket, derivedBucket,
                webBucket, photoTable, queues, userPoolId, userPoolClientId);
    }

    public Deployment withWebBucket(String webBucket) {
        return new Deployment(region, accessKeyId, secretAccessKey, endpoints, originalsBucket, derivedBucket,
                webBucket, photoTable, queues, userPoolId, userPoolClientId);
    }

    /**
     * The environment variables of the contract (docs/architecture.md, names from {@link GalleryData}) for this deployment, so a
     * handler run in-process reads the same configuration it reads in Lambda, e.g.
     * {@code IngestConfig.fromEnv(new Env(deployment.environment()))}. Service endpoints use the
     * SDK's per-service variables ({@code AWS_ENDPOINT_URL_S3}, ...), as the services listen on
     * different ports.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", region);
        env.put(GalleryData.ORIGINALS_BUCKET, originalsBucket);
        env.put(GalleryData.DERIVED_BUCKET, derivedBucket);
        env.put(GalleryData.PHOTO_TABLE, photoTable);
        env.put(GalleryData.RENDER_QUEUE_URL, queues.render());
        env.put(GalleryData.VIDEO_QUEUE_URL, queues.video());
        if (endpoints != null) {
            putIfPresent(env, "AWS_ENDPOINT_URL_S3", endpoints.s3());
            putIfPresent(env, "AWS_ENDPOINT_URL_SQS", endpoints.sqs());
            putIfPresent(env, "AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamodb());
        }
        if (accessKeyId != null) {
            env.put("AWS_ACCESS_KEY_ID", accessKeyId);
            env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        }
        return env;
    }

    public static Deployment read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deployment file " + file + ": " + e.getMessage(), e);
        }
        try {
            return Json.MAPPER.readValue(json, Deployment.class);
        } catch (Exception e) {
            // Jackson wraps the constructor's message; the root cause names the missing field.
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new IllegalArgumentException("deployment file " + file + " is not valid: " + root.getMessage(), e);
        }
    }

    /** Writes the file atomically, so a reader never sees half of it. */
    public void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, toJson() + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write deployment file " + file + ": " + e.getMessage(), e);
        }
    }

    public String toJson() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write deployment as JSON", e);
        }
    }

    private static void requireText(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) problems.add(field + " is missing");
    }

    private static void putIfPresent(Map<String, String> env, String name, URI value) {
        if (value != null) env.put(name, value.toString());
    }
}
