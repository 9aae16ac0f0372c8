package gallery.admin;

import java.time.Instant;
import java.util.List;

/**
 * The signed-cookie keys as a rotation sees them: the trusted key group (public keys the edge
 * accepts) and the one key the signer signs with. Locally a key folder ({@link LocalKeyGroup}); in
 * AWS a CloudFront key group plus the Parameter Store SecureString the signer reads ({@link AwsKeyGroup}).
 */
public interface KeyGroup {
    record TrustedKey(String keyId, Instant addedAt) {
    }

    /** Every key the edge trusts. */
    List<TrustedKey> keys();

    /** The key new cookies are signed with. */
    String currentKeyId();

    /** Since when the signer signs with the current key: the old one signed nothing after this. */
    Instant currentSince();

    /** How long after a switch a running signer may still sign with the previous key (it caches the key). */
    java.time.Duration signerRefresh();

    /** Adds a new key to the trusted group first, then makes the signer sign with it. */
    TrustedKey addAndMakeCurrent();

    /** Removes a key from the trusted group (never the current one). */
    void retire(String keyId);
}
