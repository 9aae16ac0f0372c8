package gallery.local.deployed;

import gallery.auth.KeyFolder;
import gallery.auth.PemKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The offline synth of docs/deploy.md: the pinned CDK CLI ({@code tools/node_modules/.bin/cdk})
 * runs the compiled CDK app ({@code infra/cdk-app}) and writes the cloud assembly, the template and
 * staged assets CloudFormation would receive. Needs infra and the Lambda modules built.
 */
public final class Synth {
    private Synth() {
    }

    /**
     * The stack as it would be deployed for the gallery whose data is in {@code dataDir}: the
     * current key of its key folder as the CloudFront public key, the assembly in {@code <dataDir>/lambda/cdk.out}.
     */
    public static CloudAssembly forGallery(Path projectRoot, Path dataDir) {
        KeyFolder keys = KeyFolder.open(dataDir.resolve("keys"));
        Path lambda = dataDir.toAbsolutePath().resolve("lambda");
        try {
            Files.createDirectories(lambda);
            Path pem = lambda.resolve("signing-key.pub.pem");
            Files.writeString(pem, PemKeys.writePublicKey(keys.current().publicKey()));
            return run(projectRoot, pem, lambda.resolve("cdk.out"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the signing public key under " + lambda + ": " + e.getMessage(), e);
        }
    }

    /**
     * Synthesizes into {@code outDir} with {@code signingPublicKey} (a PEM file) as the current
     * CloudFront key, and returns the assembly.
     */
    public static CloudAssembly run(Path projectRoot, Path signingPublicKey, Path outDir) {
        Path infra = projectRoot.resolve("infra");
        Path cdk = projectRoot.resolve("tools/node_modules/.bin/cdk");
        if (!Files.isExecutable(cdk)) {
            throw new IllegalStateException("the CDK CLI " + cdk + " is missing: run `npm ci` in tools/ (./gallery setup)");
        }
        if (!Files.isRegularFile(infra.resolve("target/cdk.classpath"))) {
            throw new IllegalStateException("infra is not built (" + infra.resolve("target/cdk.classpath")
                    + " is missing): run `mvn package -DskipTests -pl infra -am`");
        }
        List<String> cmd = new ArrayList<>(List.of(cdk.toString(), "synth", "--quiet", "--output", outDir.toAbsolutePath().toString(),
                "--context", "signingPublicKey=" + signingPublicKey.toAbsolutePath(), "--no-notices", "--no-version-reporting"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(infra.toFile()).redirectErrorStream(true);
        // cdk-app runs the app with $JAVA_HOME's java: this JVM's, a JDK 21+.
        pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        pb.environment().put("CDK_DISABLE_VERSION_CHECK", "1");
        pb.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        pb.environment().put("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1");
        try {
            Path log = Files.createTempFile("cdk-synth", ".log");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("cdk synth did not finish in 10 minutes");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("cdk synth failed (exit " + p.exitValue() + "):\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cdk + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during cdk synth", e);
        }
        return CloudAssembly.read(outDir);
    }
}
