package gallery.ingest;

import gallery.core.Uploader;
import gallery.index.PhotoIndex;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names who added an original. The request's signer comes first: a member's backup key is an
 * IAM user (locally its stand-in) whose id the admin tool recorded in the index when it issued the
 * key, and whatever metadata that key's holder set is not believed. Otherwise the object's own
 * {@code uploader} metadata, which only the API (browser uploads, {@code member:<email>}) and the
 * admin tool ({@code admin}) set; otherwise {@link Uploader#UNKNOWN}.
 */
final class Uploaders {
    /** Principals are few (the admin's role, the functions, one user per member); ids never change owner. */
    private static final int MAX_CACHED = 1_000;

    private final PhotoIndex index;
    private final Map<String, Optional<String>> byPrincipal = new ConcurrentHashMap<>();

    Uploaders(PhotoIndex index) {
        this.index = index;
    }

    String of(String principalId, String metadataValue) {
        if (principalId != null && !principalId.isBlank()) {
            Optional<String> known = byPrincipal.get(principalId);
            if (known == null) {
                known = index.uploaderOf(principalId);
                if (byPrincipal.size() < MAX_CACHED) byPrincipal.put(principalId, known);
            }
            if (known.isPresent()) return known.get();
        }
        String claimed = Uploader.fromMetadata(metadataValue);
        return claimed != null ? claimed : Uploader.UNKNOWN;
    }
}
