package gallery.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * PEM reading and writing for CloudFront RSA keys. Reads PKCS#8 ({@code BEGIN PRIVATE KEY}) and
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what {@code openssl genrsa} wrote before OpenSSL 3 and what
 * the CloudFront guide shows); writes PKCS#8.
 */
public final class PemKeys {
    private PemKeys() {
    }

    public static RSAPrivateCrtKey readPrivateKey(String pem) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey key;
            if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
                key = rsa.generatePrivate(new PKCS8EncodedKeySpec(body(pem, "PRIVATE KEY")));
            } else if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
                key = rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(body(pem, "RSA PRIVATE KEY"))));
            } else {
                throw new IllegalArgumentException("not a PEM private key: expected '-----BEGIN PRIVATE KEY-----' or '-----BEGIN RSA PRIVATE KEY-----'");
            }
            if (!(key instanceof RSAPrivateCrtKey crt)) {
                throw new IllegalArgumentException("private key has no CRT parameters; write it with openssl pkcs8 -topk8 -nocrypt");
            }
            return crt;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a readable RSA private key: " + e.getMessage(), e);
        }
    }

    public static RSAPublicKey readPublicKey(String pem) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(body(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a readable RSA public key: " + e.getMessage(), e);
        }
    }

    public static String writePrivateKey(RSAPrivateCrtKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** The form CloudFront's CreatePublicKey takes (SubjectPublicKeyInfo PEM). */
    public static String writePublicKey(RSAPublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is always available", e);
        }
    }

    public static RSAPrivateCrtKey generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(SigningKey.BITS);
            return (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is always available", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] body(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) throw new IllegalArgumentException("PEM has no " + begin + " ... " + end + " block");
        return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: version 0, rsaEncryption, the key as an OCTET STRING. */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(version);
        content.writeBytes(algorithm);
        content.writeBytes(octets);
        return der(0x30, content.toByteArray());
    }

    private static byte[] der(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int start = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - start));
            out.write(len, start, len.length - start);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
