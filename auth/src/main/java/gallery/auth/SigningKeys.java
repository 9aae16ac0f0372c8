package gallery.auth;

/**
 * Where the signer gets the key it signs cookies with: a folder of PEM files locally
 * ({@link KeyFolder}), Secrets Manager in AWS ({@code gallery.signer.SecretSigningKeys}).
 */
@FunctionalInterface
public interface SigningKeys {
    /** The key new cookies are signed with. */
    SigningKey current();
}
