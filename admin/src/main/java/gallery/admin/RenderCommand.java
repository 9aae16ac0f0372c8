package gallery.admin;

import gallery.core.Json;
import gallery.core.config.Env;
import gallery.core.preset.Preset;
import gallery.core.preset.Presets;
import gallery.imaging.BadImage;
import gallery.imaging.ImagingConfig;
import gallery.imaging.FileMetadata;
import gallery.imaging.RenderResult;
import gallery.imaging.Renderer;
import gallery.imaging.Encoded;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Renders photos with a preset on this machine, no AWS needed: how a user previews a preset and how
 * anyone checks the renderer. Writes {@code <basename>.<size>.<ext>} into the output folder and
 * prints one JSON line per photo; exits 1 if any photo was refused or failed.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render every preset size of each photo into a folder and print one JSON line per photo.")
public final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PHOTO", description = "Image files to render.")
    List<Path> photos;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder the renditions are written to (created if missing).")
    Path out;

    @Option(names = "--preset", defaultValue = Presets.DEFAULT_NAME, paramLabel = "NAME",
            description = "Preset name (default: ${DEFAULT-VALUE}).")
    String presetName;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Preset preset = Presets.require(presetName);
        Renderer renderer = new Renderer(ImagingConfig.fromEnv(Env.system()));
        Files.createDirectories(out);
        int failed = 0;
        for (Path photo : photos) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("photo", photo.toString());
            try {
                byte[] bytes = Files.readAllBytes(photo);
                RenderResult r = renderer.render(photo.getFileName().toString(), bytes, preset);
                line.put("status", "ok");
                line.putAll(describe(r, write(photo, r)));
            } catch (BadImage e) {
                failed++;
                line.put("status", "refused");
                line.put("reason", e.getMessage());
            } catch (IOException | RuntimeException e) {
                failed++;
                line.put("status", "failed");
                line.put("reason", e.getMessage() == null ? e.toString() : e.getMessage());
            }
            stdout.println(Json.write(line));
            stdout.flush();
        }
        return failed == 0 ? 0 : 1;
    }

    private List<Path> write(Path photo, RenderResult r) throws IOException {
        String base = photo.getFileName().toString();
        int dot = base.lastIndexOf('.');
        if (dot > 0) base = base.substring(0, dot);
        List<Path> files = new ArrayList<>();
        for (Encoded x : r.renditions()) {
            Path f = out.resolve(base + "." + x.size() + "." + x.format().extension());
            Files.write(f, x.data());
            files.add(f);
        }
        return files;
    }

    private static Map<String, Object> describe(RenderResult r, List<Path> files) {
        FileMetadata md = r.metadata();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", r.format().label());
        m.put("width", r.width());
        m.put("height", r.height());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("takenAt", md.takenInstant().map(Object::toString).orElse(md.takenAt() == null ? null : md.takenAt().toString()));
        meta.put("camera", md.camera().orElse(null));
        meta.put("orientation", md.orientation());
        meta.put("latitude", md.latitude());
        meta.put("longitude", md.longitude());
        m.put("metadata", meta);
        m.put("placeholder", r.placeholder());
        List<Map<String, Object>> sizes = new ArrayList<>();
        for (int i = 0; i < r.renditions().size(); i++) {
            Encoded x = r.renditions().get(i);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("size", x.size());
            s.put("width", x.width());
            s.put("height", x.height());
            s.put("format", x.format().extension());
            s.put("bytes", x.bytes());
            if (x.atOriginalSize()) s.put("atOriginalSize", true);
            s.put("file", files.get(i).toString());
            sizes.add(s);
        }
        m.put("renditions", sizes);
        if (!r.skippedSizes().isEmpty()) m.put("skippedSizes", r.skippedSizes());
        return m;
    }
}
