package gallery.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of configuration variables that collect every problem and report them together,
 * so a misconfigured function fails once at start-up naming each variable and what it expected.
 * Each module's {@code XxxConfig.fromEnv(Env)} reads its values and ends with {@link #validate()}.
 */
public final class Env {
    private final Map<String, String> vars;
    private final List<String> problems = new ArrayList<>();

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public Optional<String> optional(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public String required(String name, String meaning) {
        return optional(name).orElseGet(() -> {
            problems.add(name + " is not set: expected " + meaning);
            return "";
        });
    }

    public int integer(String name, int fallback, int min, int max) {
        return (int) number(name, fallback, min, max);
    }

    public long number(String name, long fallback, long min, long max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) return fallback;
        try {
            long v = Long.parseLong(raw.get().replace("_", ""));
            if (v < min || v > max) {
                problems.add(name + "=" + raw.get() + " is out of range: expected " + min + ".." + max);
                return fallback;
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(name + "=" + raw.get() + " is not a whole number: expected " + min + ".." + max);
            return fallback;
        }
    }

    public boolean flag(String name, boolean fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) return fallback;
        return switch (raw.get().toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> {
                problems.add(name + "=" + raw.get() + " is not a boolean: expected true or false");
                yield fallback;
            }
        };
    }

    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) return fallback;
        Duration d;
        try {
            d = parseDuration(raw.get());
        } catch (IllegalArgumentException e) {
            problems.add(name + "=" + raw.get() + " is not a duration: expected e.g. 90s, 15m, 12h or PT15M");
            return fallback;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.add(name + "=" + raw.get() + " is out of range: expected " + min + ".." + max);
            return fallback;
        }
        return d;
    }

    public Optional<Path> path(String name) {
        return optional(name).map(Path::of);
    }

    /** Records a problem found by a module's own cross-field checks. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Throws one exception listing every problem seen so far. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase();
        if (t.startsWith("pt") || t.startsWith("p")) return Duration.parse(s.trim().toUpperCase());
        if (t.length() < 2) throw new IllegalArgumentException(s);
        long n;
        char unit = t.charAt(t.length() - 1);
        String digits = t.endsWith("ms") ? t.substring(0, t.length() - 2) : t.substring(0, t.length() - 1);
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s, e);
        }
        if (t.endsWith("ms")) return Duration.ofMillis(n);
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException(s);
        };
    }
}
