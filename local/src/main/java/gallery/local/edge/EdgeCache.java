package gallery.local.edge;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The edge's response cache: least recently used entries go first once the bodies exceed a byte budget. */
final class EdgeCache {
    /** @param path what an invalidation names: the decoded request path and the cache key's query */
    record Entry(String path, OriginResponse response, Instant storedAt, Instant expiresAt) {
        long bytes() {
            return response.body().length + 512L;
        }
    }

    private final long maxBytes;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    EdgeCache(long maxBytes, Clock clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    synchronized Optional<Entry> get(String key) {
        Entry e = entries.get(key);
        if (e == null) return Optional.empty();
        if (!clock.instant().isBefore(e.expiresAt())) {
            remove(key);
            return Optional.empty();
        }
        return Optional.of(e);
    }

    synchronized void put(String key, String path, OriginResponse response, java.time.Duration ttl) {
        Entry e = new Entry(path, response, clock.instant(), clock.instant().plus(ttl));
        if (e.bytes() > maxBytes / 4) return; // one huge object must not flush everything else
        remove(key);
        entries.put(key, e);
        bytes += e.bytes();
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            bytes -= it.next().getValue().bytes();
            it.remove();
        }
    }

    /** Drops every entry (any header variant) cached under one of these paths; returns how many. */
    synchronized int invalidate(java.util.Set<String> paths) {
        int removed = 0;
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (paths.contains(e.path())) {
                bytes -= e.bytes();
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }

    private void remove(String key) {
        Entry old = entries.remove(key);
        if (old != null) bytes -= old.bytes();
    }
}
