package gallery.auth;

import org.junit.jupiter.api.Test;

import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemKeysTest {
    @Test
    void pkcs8RoundTrips() {
        RSAPrivateCrtKey key = PemKeys.generate();
        RSAPrivateCrtKey back = PemKeys.readPrivateKey(PemKeys.writePrivateKey(key));
        assertThat(back.getModulus()).isEqualTo(key.getModulus());
        assertThat(PemKeys.readPublicKey(PemKeys.writePublicKey(PemKeys.publicKeyOf(key))).getModulus()).isEqualTo(key.getModulus());
    }

    @Test
    void readsPkcs1AsOpensslGenrsaWroteIt() {
        RSAPrivateCrtKey key = PemKeys.generate();
        // PKCS#8 = SEQUENCE { version, algorithm, OCTET STRING { PKCS#1 } }: cut the PKCS#1 body out of it
        byte[] pkcs8 = key.getEncoded();
        byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, pkcs1Offset(pkcs8), pkcs8.length);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
        assertThat(PemKeys.readPrivateKey(pem).getPrivateExponent()).isEqualTo(key.getPrivateExponent());
    }

    @Test
    void refusesWhatIsNotAKeyNamingTheExpectedForm() {
        assertThatThrownBy(() -> PemKeys.readPrivateKey("hello")).hasMessageContaining("BEGIN PRIVATE KEY");
    }

    @Test
    void signingKeyRefusesShortKeys() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        RSAPrivateCrtKey small = (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
        assertThatThrownBy(() -> SigningKey.of("K1", small)).hasMessageContaining("RSA-1024").hasMessageContaining("2048");
    }

    private static int pkcs1Offset(byte[] der) {
        int i = 1;
        i += lengthBytes(der, i);          // outer SEQUENCE header
        i += 3;                            // version INTEGER 0
        i += 2 + der[i + 1];               // AlgorithmIdentifier SEQUENCE
        i += 1;                            // OCTET STRING tag
        i += lengthBytes(der, i);
        return i;
    }

    private static int lengthBytes(byte[] der, int at) {
        int b = der[at] & 0xff;
        return b < 0x80 ? 1 : 1 + (b & 0x7f);
    }

}
