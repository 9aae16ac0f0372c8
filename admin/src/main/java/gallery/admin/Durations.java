package gallery.admin;

import gallery.core.config.ConfigException;
import gallery.core.config.Env;

import java.time.Duration;
import java.util.Map;

/** Durations given on the command line, in the forms configuration takes (90s, 15m, 12h, 2d, PT15M). */
final class Durations {
    private Durations() {
    }

    static Duration parse(String option, String value) {
        Env env = new Env(Map.of(option, value));
        Duration d = env.duration(option, Duration.ZERO, Duration.ZERO, Duration.ofDays(3650));
        try {
            env.validate();
        } catch (ConfigException e) {
            throw new ConfigProblem(option + " " + value + " is not a duration: expected e.g. 90s, 15m, 12h, 2d or PT15M");
        }
        return d;
    }
}
