package gallery.index;

import java.time.LocalDateTime;

/**
 * An album as listed: its name (the folder below {@code photos/}, "" for the root), how many ready
 * photos it holds, its cover (the newest photo) and the range of the local dates its photos' cameras
 * wrote ({@link PhotoDate}): guessed dates never widen it, so both are null when no photo has a camera
 * date. {@code cover} is null only in the moment between a photo's write and the summary's refresh.
 */
public record AlbumSummary(String name, long count, PhotoRow cover, LocalDateTime from, LocalDateTime to) {
}
