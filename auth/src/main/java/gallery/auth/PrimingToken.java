package gallery.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;

/**
 * A throwaway RS256 access token and the key pair that signed it, made in memory to prime the token
 * check before a SnapStart snapshot (RSA key generation, signing and verifying, JWT parsing). It names
 * no key id and has expired, so {@link AccessTokenVerifier} refuses it without fetching the user
 * pool's keys.
 */
public record PrimingToken(KeyPair keys, String token) {
    public static PrimingToken make() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(SigningKey.BITS);
            KeyPair pair = generator.generateKeyPair();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                    .subject("priming").claim("token_use", "access").expirationTime(new Date()).build());
            jwt.sign(new RSASSASigner(pair.getPrivate()));
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))) {
                throw new IllegalStateException("a token signed for priming does not verify");
            }
            return new PrimingToken(pair, jwt.serialize());
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("cannot make the priming token: " + e.getMessage(), e);
        }
    }
}
