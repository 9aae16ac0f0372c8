package gallery.core.events;

/**
 * Orders S3 events for one key. The sequencer is a hex string; AWS documents comparing two by
 * right-padding the shorter with zeros and comparing as strings, and only for the same key.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
public final class Sequencer {
    private Sequencer() {
    }

    public static int compare(String a, String b) {
        if (a == null || a.isEmpty()) return (b == null || b.isEmpty()) ? 0 : -1;
        if (b == null || b.isEmpty()) return 1;
        int n = Math.max(a.length(), b.length());
        return pad(a.toUpperCase(), n).compareTo(pad(b.toUpperCase(), n));
    }

    /** A fixed-width form (padded to 32 characters) so DynamoDB can compare sequencers in a condition expression. */
    public static String normalize(String s) {
        if (s == null || s.isEmpty()) return "0".repeat(32);
        return pad(s.toUpperCase(), Math.max(32, s.length()));
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s : s + "0".repeat(n - s.length());
    }
}
