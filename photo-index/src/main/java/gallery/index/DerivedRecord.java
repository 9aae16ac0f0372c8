package gallery.index;

import gallery.core.PhotoVersion;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The record, on a photo's item, of every object derived from the original that may exist in the
 * derived bucket: preset renditions of any preset and format, and anything else a render writes
 * (a video's poster or copy), each by its full key. Pure decisions; {@link PhotoIndex} applies them
 * in its conditional writes, so they are serialised with every other change of the photo.
 *
 * <ul>
 *   <li>{@code derived}: keys a render claimed before writing them. Every object a render writes is
 *   in it first, so nothing can exist that the record does not name.</li>
 *   <li>{@code doomed}: {@code <version> <key>} entries that no longer belong to the photo (an older
 *   preset's files, the larger sizes of a replaced picture, everything of a deleted photo). Whoever
 *   dooms them deletes them, invalidates the edge's copies cached under {@code ?v=<version>}, and then
 *   forgets them; an entry left by a crash in between is deleted by the next cleanup.</li>
 * </ul>
 *
 * A key in {@code derived} is never in {@code doomed}: claiming a key takes it out, so a cleanup
 * running later cannot delete an object a newer render has written.
 *
 * <ul>
 *   <li>{@code cached}: {@code <version> <key>} entries already deleted whose edge copies were left:
 *   an earlier preset's files of the version still current show the same picture, and invalidating
 *   them at every preset change would cost a CloudFront path each (a library-wide reprocess, tens of
 *   thousands). They are doomed again, and invalidated, when that version goes.</li>
 * </ul>
 */
public record DerivedRecord(Set<String> derived, Set<String> doomed, Set<String> cached) {
    public static final DerivedRecord EMPTY = new DerivedRecord(Set.of(), Set.of(), Set.of());

    public DerivedRecord {
        derived = Set.copyOf(derived);
        doomed = Set.copyOf(doomed);
        cached = Set.copyOf(cached);
    }

    /** A doomed object: its key and the photo version its edge copies are cached under. */
    public record Doomed(String version, String key) {
        public String entry() {
            return version + " " + key;
        }

        static Doomed parse(String entry) {
            int space = entry.indexOf(' ');
            return new Doomed(entry.substring(0, space), entry.substring(space + 1));
        }
    }

    /** {@code keys} are about to be written: recorded, and no longer doomed. */
    public DerivedRecord claim(Collection<String> keys) {
        Set<String> d = new TreeSet<>(derived);
        d.addAll(keys);
        return new DerivedRecord(d, without(doomed, keys), cached);
    }

    /** Whether every one of {@code keys} is still claimed (a concurrent render's cleanup may have taken it back). */
    public boolean holds(Collection<String> keys) {
        return derived.containsAll(keys);
    }

    /**
     * A render of {@code eTag} completed with {@code keys}: everything else it or anyone claimed
     * ({@code written}: what this render wrote in every round, some of it an older version's picture)
     * is doomed.
     */
    public DerivedRecord keepOnly(Collection<String> keys, Collection<String> written, String eTag) {
        Set<String> stale = new TreeSet<>(derived);
        stale.addAll(written);
        stale.removeAll(keys);
        return new DerivedRecord(Set.copyOf(keys), without(doom(doomed, stale, eTag), keys), cached);
    }

    /**
     * Nothing derived belongs to the photo any more (deleted, replaced, refused): all of it is doomed,
     * and the edge copies left for later are now to be invalidated too.
     */
    public DerivedRecord doomAll(Collection<String> alsoKnown, String eTag) {
        Set<String> stale = new TreeSet<>(derived);
        stale.addAll(alsoKnown);
        Set<String> x = doom(doomed, stale, eTag);
        x.addAll(cached);
        return new DerivedRecord(Set.of(), x, Set.of());
    }

    /** Objects found outside the record (the resizer's stored results) are doomed too. */
    public DerivedRecord doom(Collection<Doomed> found) {
        Set<String> x = new TreeSet<>(doomed);
        for (Doomed d : found) x.add(d.entry());
        return new DerivedRecord(derived, x, cached);
    }

    /** The doomed objects that are not claimed again, to delete. */
    public Set<Doomed> toDelete() {
        Set<Doomed> out = new java.util.LinkedHashSet<>();
        for (String e : new TreeSet<>(doomed)) {
            Doomed d = Doomed.parse(e);
            if (!derived.contains(d.key())) out.add(d);
        }
        return out;
    }

    /** These doomed entries are deleted and invalidated. */
    public DerivedRecord forget(Collection<Doomed> done) {
        return forget(done, Set.of());
    }

    /** These doomed entries are deleted; of them, {@code invalidateLater} had their edge copies left. */
    public DerivedRecord forget(Collection<Doomed> done, Collection<Doomed> invalidateLater) {
        Set<String> x = new TreeSet<>(doomed);
        for (Doomed d : done) x.remove(d.entry());
        Set<String> c = new TreeSet<>(cached);
        for (Doomed d : invalidateLater) c.add(d.entry());
        return new DerivedRecord(derived, x, c);
    }

    private static Set<String> doom(Set<String> doomed, Collection<String> keys, String eTag) {
        String version = PhotoVersion.of(eTag);
        Set<String> x = new TreeSet<>(doomed);
        for (String k : keys) x.add(new Doomed(version, k).entry());
        return x;
    }

    private static Set<String> without(Set<String> doomed, Collection<String> keys) {
        Set<String> x = new TreeSet<>();
        for (String e : doomed) {
            if (!keys.contains(Doomed.parse(e).key())) x.add(e);
        }
        return x;
    }
}
