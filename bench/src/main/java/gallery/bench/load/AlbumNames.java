package gallery.bench.load;

import java.util.List;

/** Album (folder) names for the load photos: spaces and digits, as family albums have. */
final class AlbumNames {
    static final List<String> ALL = List.of("Load Holiday 2023", "Load Garden", "Load Family", "Load Hiking",
            "Load School", "Load Birthdays", "Load Winter", "Load Pets");

    private AlbumNames() {
    }
}
