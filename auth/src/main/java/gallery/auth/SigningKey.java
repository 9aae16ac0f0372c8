package gallery.auth;

import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * One CloudFront key pair: the key-pair id is the id of the public key in CloudFront (the
 * {@code CloudFront-Key-Pair-Id} cookie), which tells CloudFront which key of the trusted key group
 * checks the signature. Two keys with different ids live side by side during a rotation.
 */
public record SigningKey(String keyId, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
    /** CloudFront takes RSA-2048 keys for signed URLs and cookies. */
    public static final int BITS = 2048;

    public SigningKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        if (!keyId.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new IllegalArgumentException("key id '" + keyId + "' must be 1..128 letters, digits, '-' or '_'");
        }
        if (privateKey.getModulus().bitLength() != BITS) {
            throw new IllegalArgumentException("key " + keyId + " is RSA-" + privateKey.getModulus().bitLength() + ", CloudFront needs RSA-" + BITS);
        }
        if (!privateKey.getModulus().equals(publicKey.getModulus())) {
            throw new IllegalArgumentException("key " + keyId + ": the public key does not belong to the private key");
        }
    }

    /** The key from its private half alone (an RSA CRT private key carries the public exponent). */
    public static SigningKey of(String keyId, RSAPrivateCrtKey privateKey) {
        return new SigningKey(keyId, privateKey, PemKeys.publicKeyOf(privateKey));
    }
}
