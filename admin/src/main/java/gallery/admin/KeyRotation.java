package gallery.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The two-slot rotation of the signed-cookie key. The key group has room for two keys:
 * <ol>
 *   <li>retire the previous key, but only once every cookie it signed has expired: it signed its
 *       last cookie when the signer switched away from it (plus the signer's key cache), and a
 *       cookie lives at most the cookie lifetime;</li>
 *   <li>add a new key to the trusted group, then sign with it. Cookies signed with the old key keep
 *       working, because the old key stays trusted until step 1 of the next rotation.</li>
 * </ol>
 * A rotation while the previous key may still have live cookies is refused with the time it can run.
 */
public final class KeyRotation {
    public record KeyState(String keyId, Instant addedAt, boolean current, Instant retireAfter) {
        public boolean retirable(Instant now) {
            return !current && !now.isBefore(retireAfter);
        }
    }

    public sealed interface Outcome permits Rotated, Refused {
    }

    /** A new key is current; {@code retired} lists old keys removed first; {@code previous} is trusted until {@code previousRetireAfter}. */
    public record Rotated(String newKeyId, String previous, Instant previousRetireAfter, List<String> retired) implements Outcome {
    }

    /** The previous key may still have live cookies: nothing changed. */
    public record Refused(String keyId, Instant retireAfter, List<String> retired) implements Outcome {
    }

    private final KeyGroup group;
    private final Duration cookieLifetime;
    private final Clock clock;

    public KeyRotation(KeyGroup group, Duration cookieLifetime, Clock clock) {
        this.group = Objects.requireNonNull(group);
        this.cookieLifetime = Objects.requireNonNull(cookieLifetime);
        this.clock = Objects.requireNonNull(clock);
    }

    public List<KeyState> status() {
        String current = group.currentKeyId();
        Instant lastSigned = group.currentSince().plus(group.signerRefresh());
        List<KeyState> out = new ArrayList<>();
        for (KeyGroup.TrustedKey k : group.keys()) {
            boolean isCurrent = k.keyId().equals(current);
            out.add(new KeyState(k.keyId(), k.addedAt(), isCurrent, isCurrent ? null : lastSigned.plus(cookieLifetime)));
        }
        return out;
    }

    public Outcome rotate() {
        Instant now = clock.instant();
        List<String> retired = new ArrayList<>();
        KeyState waiting = null;
        for (KeyState k : status()) {
            if (k.current()) continue;
            if (k.retirable(now)) {
                group.retire(k.keyId());
                retired.add(k.keyId());
            } else {
                waiting = k;
            }
        }
        if (waiting != null) return new Refused(waiting.keyId(), waiting.retireAfter(), retired);
        String previous = group.currentKeyId();
        KeyGroup.TrustedKey added = group.addAndMakeCurrent();
        Instant previousRetireAfter = clock.instant().plus(group.signerRefresh()).plus(cookieLifetime);
        return new Rotated(added.keyId(), previous, previousRetireAfter, retired);
    }
}
