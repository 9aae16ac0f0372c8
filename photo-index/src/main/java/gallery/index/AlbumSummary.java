package gallery.index;

import java.time.Instant;

/**
 * An album as listed: its name (the folder below {@code photos/}, "" for the root), how many ready
 * photos it holds, its cover (the newest photo) and the range of dates its photos sort by.
 * {@code cover} is null only in the moment between a photo's write and the summary's refresh.
 */
public record AlbumSummary(String name, long count, PhotoRow cover, Instant from, Instant to) {
}
