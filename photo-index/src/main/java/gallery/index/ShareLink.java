package gallery.index;

import java.time.Instant;

/**
 * A link that opens one album, read-only, to someone without an account ({@link ShareLinks}).
 *
 * @param downloads whether it also opens the originals
 * @param revokedAt when it was revoked; null while not
 */
public record ShareLink(String id, String album, String createdBy, Instant createdAt, Instant expiresAt,
                        boolean downloads, Instant revokedAt) {
    /** What a link answers at {@code now}. */
    public enum State { OPEN, EXPIRED, REVOKED }

    public State state(Instant now) {
        if (revokedAt != null) return State.REVOKED;
        return now.isBefore(expiresAt) ? State.OPEN : State.EXPIRED;
    }

    /** Enough of the id to tell links apart in logs and lists, not enough to open one. */
    public String shortId() {
        return id.substring(0, 6);
    }
}
