package gallery.admin;

import java.util.Locale;

/** Byte counts for people. */
final class Sizes {
    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Parses 8MiB, 16m, 1048576, 5MB (binary units: a part size is about memory, not marketing). */
    static long parse(String option, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long factor = 1;
        if (v.endsWith("k")) factor = 1024;
        else if (v.endsWith("m")) factor = 1024 * 1024;
        else if (v.endsWith("g")) factor = 1024L * 1024 * 1024;
        if (factor > 1) v = v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(v.trim());
            if (n <= 0) throw new NumberFormatException();
            return n * factor;
        } catch (NumberFormatException e) {
            throw new ConfigProblem(option + " " + value + " is not a size: expected e.g. 8MiB, 512KiB or a byte count");
        }
    }
}
