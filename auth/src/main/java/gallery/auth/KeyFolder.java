package gallery.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local stack's CloudFront keys: {@code <dir>/<keyId>.pem} (PKCS#8, owner-only) per key, and
 * {@code <dir>/current} naming the key new cookies are signed with. Every key in the folder is in
 * the trusted key group, so after {@link #rotate()} cookies signed with the old key stay valid until
 * the old file is deleted, exactly as with a CloudFront key group holding two keys.
 */
public final class KeyFolder implements SigningKeys {
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private final Path dir;

    public KeyFolder(Path dir) {
        this.dir = dir;
    }

    /** The folder's keys, creating a first RSA-2048 key (and the folder) when there is none. */
    public static KeyFolder open(Path dir) {
        KeyFolder folder = new KeyFolder(dir);
        if (!Files.exists(dir.resolve("current"))) folder.rotate();
        return folder;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized SigningKey current() {
        String id = read(dir.resolve("current")).trim();
        return load(id);
    }

    /** Path of a key's PEM file (what {@code SIGNING_KEY_FILE} names for the signer). */
    public Path file(String keyId) {
        return dir.resolve(keyId + ".pem");
    }

    /** Generates a new key and makes it current; older keys stay trusted. */
    public synchronized SigningKey rotate() {
        SigningKey key = SigningKey.of(newKeyId(), PemKeys.generate());
        try {
            Files.createDirectories(dir);
            Path pem = file(key.keyId());
            Path tmp = Files.createTempFile(dir, key.keyId(), ".tmp");
            trySetOwnerOnly(tmp);
            Files.writeString(tmp, PemKeys.writePrivateKey(key.privateKey()));
            Files.move(tmp, pem, StandardCopyOption.ATOMIC_MOVE);
            Path current = Files.createTempFile(dir, "current", ".tmp");
            Files.writeString(current, key.keyId() + "\n");
            Files.move(current, dir.resolve("current"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a signing key under " + dir, e);
        }
        return key;
    }

    /** A key file's public key, with the file's size and time when it was read. */
    private record Loaded(FileTime modified, long size, RSAPublicKey publicKey) {
    }

    /** Parsed keys by id, re-read only when a file changes: the edge asks on every protected request. */
    private final Map<String, Loaded> loaded = new HashMap<>();

    /**
     * The trusted key group: every key in the folder by key-pair id. The folder is listed on every call, so a
     * rotation is seen at once; a key file is parsed again only when its size or time changed (parsing every
     * PEM on every request cost the local edge's cache hits milliseconds each, behind this lock).
     */
    public synchronized Map<String, RSAPublicKey> trustedKeys() {
        Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - ".pem".length());
                BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
                Loaded key = loaded.get(id);
                if (key == null || !key.modified().equals(attrs.lastModifiedTime()) || key.size() != attrs.size()) {
                    key = new Loaded(attrs.lastModifiedTime(), attrs.size(), load(id).publicKey());
                    loaded.put(id, key);
                }
                keys.put(id, key.publicKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list signing keys in " + dir, e);
        }
        loaded.keySet().retainAll(keys.keySet());
        return keys;
    }

    private SigningKey load(String id) {
        Path pem = file(id);
        try {
            return SigningKey.of(id, PemKeys.readPrivateKey(read(pem)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(pem + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /** CloudFront public-key ids look like {@code K2JCJMDEHXQW5F}; local ids mimic them so logs read the same. */
    private static String newKeyId() {
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder("K");
        for (int i = 0; i < 13; i++) b.append(ID_ALPHABET.charAt(r.nextInt(ID_ALPHABET.length())));
        return b.toString();
    }

    private static void trySetOwnerOnly(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the data folder's own permissions are all we have
        }
    }
}
