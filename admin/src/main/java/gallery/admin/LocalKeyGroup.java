package gallery.admin;

import gallery.auth.KeyFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The local stack's keys: a {@link KeyFolder} ({@code <data>/keys}). Every PEM file is trusted by
 * the local edge; {@code current} names the signing key, and its modification time is when the
 * signer switched (KeyFolder reads it on every signature, so there is no refresh delay).
 */
public final class LocalKeyGroup implements KeyGroup {
    private final KeyFolder folder;

    public LocalKeyGroup(Path dir) {
        if (!Files.isRegularFile(dir.resolve("current"))) {
            throw new ConfigProblem("no signing keys in " + dir + " (the local stack creates them at its first start)");
        }
        this.folder = new KeyFolder(dir);
    }

    @Override
    public List<TrustedKey> keys() {
        List<TrustedKey> keys = new ArrayList<>();
        for (String id : folder.trustedKeys().keySet()) keys.add(new TrustedKey(id, modified(folder.file(id))));
        return keys;
    }

    @Override
    public String currentKeyId() {
        return folder.current().keyId();
    }

    @Override
    public Instant currentSince() {
        return modified(folder.dir().resolve("current"));
    }

    @Override
    public Duration signerRefresh() {
        return Duration.ZERO;
    }

    @Override
    public TrustedKey addAndMakeCurrent() {
        // KeyFolder writes the key file (trusted from then on) before it switches `current`.
        String id = folder.rotate().keyId();
        return new TrustedKey(id, modified(folder.file(id)));
    }

    @Override
    public void retire(String keyId) {
        if (keyId.equals(currentKeyId())) throw new IllegalStateException("refusing to retire the current key " + keyId);
        try {
            Files.delete(folder.file(keyId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + folder.file(keyId) + ": " + e.getMessage(), e);
        }
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
