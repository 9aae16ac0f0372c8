package gallery.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A suite's figures as Markdown: printed to stdout (the build log) and written to
 * {@code target/figures/<suite>.md}, from where the latest run is copied to {@code results/}.
 */
final class Figures {
    private final String suite;
    private final StringBuilder md = new StringBuilder();

    Figures(String suite, String title) {
        this.suite = suite;
        md.append("# ").append(title).append("\n\n");
    }

    Figures paragraph(String text) {
        md.append(text).append("\n\n");
        return this;
    }

    Figures heading(String text) {
        md.append("## ").append(text).append("\n\n");
        return this;
    }

    Figures table(List<String> header, List<List<String>> rows) {
        md.append(row(header));
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) rule.add("---");
        md.append(row(rule));
        for (List<String> r : rows) md.append(row(r));
        md.append('\n');
        return this;
    }

    private static String row(List<String> cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) b.append(' ').append(cell(c)).append(" |");
        return b.append('\n').toString();
    }

    /** Keeps a cell on one line and its pipes from splitting the table. */
    static String cell(String s) {
        if (s == null) return "";
        return s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }

    String markdown() {
        return md.toString();
    }

    /** Prints the figures and writes them under target/figures; returns the file. */
    Path publish() {
        System.out.println();
        System.out.println(md);
        Path dir = moduleDir().resolve("target/figures");
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(suite + ".md");
            Files.writeString(file, md);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hardening module's folder: failsafe runs there (basedir), an IDE may run from the root. */
    static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        if (basedir != null) return Path.of(basedir);
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("hardening")) ? here.resolve("hardening") : here;
    }
}
