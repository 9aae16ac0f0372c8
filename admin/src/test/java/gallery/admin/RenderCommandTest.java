package gallery.admin;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenderCommandTest {
    static final Path ELEPHANTS = Path.of("/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg");

    record Run(int exit, List<JsonNode> lines, String err) {
    }

    static Run run(String... args) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        List<JsonNode> lines = out.toString().lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return Json.MAPPER.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
        return new Run(exit, lines, err.toString());
    }

    @Test
    void rendersARealPhotoIntoEverySize(@TempDir Path dir) throws Exception {
        Run r = run("render", ELEPHANTS.toString(), "--out", dir.toString());

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.lines).hasSize(1);
        JsonNode line = r.lines.get(0);
        assertThat(line.path("status").asText()).isEqualTo("ok");
        assertThat(line.path("width").asInt()).isEqualTo(5640);
        assertThat(line.path("metadata").path("camera").asText()).isEqualTo("SONY DSC-RX100M4");
        assertThat(line.path("placeholder").asText()).isNotBlank();
        assertThat(line.path("renditions")).hasSize(gallery.core.preset.Presets.DEFAULT.sizes().size());
        for (int size : gallery.core.preset.Presets.DEFAULT.sizes()) {
            Path f = dir.resolve("Elephants_5640x3172." + size + ".webp");
            assertThat(f).exists();
            assertThat(new String(Files.readAllBytes(f), 8, 4, StandardCharsets.ISO_8859_1)).isEqualTo("WEBP");
        }
    }

    @Test
    void refusedPhotosAreReportedAndFailTheRun(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("renamed.jpg");
        Files.writeString(html, "<!DOCTYPE html><html><body>404</body></html>");
        Path missing = dir.resolve("missing.jpg");
        Path small = dir.resolve("small.png");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(300, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", small.toFile());
        Path out = dir.resolve("out");

        Run r = run("render", html.toString(), missing.toString(), small.toString(), "--out", out.toString(), "--preset", "jpeg");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.lines).hasSize(3);
        assertThat(r.lines.get(0).path("status").asText()).isEqualTo("refused");
        assertThat(r.lines.get(0).path("reason").asText()).contains("renamed.jpg", "an HTML document");
        assertThat(r.lines.get(1).path("status").asText()).isEqualTo("failed");
        assertThat(r.lines.get(1).path("reason").asText()).contains("missing.jpg");
        JsonNode ok = r.lines.get(2);
        assertThat(ok.path("status").asText()).isEqualTo("ok");
        assertThat(ok.path("renditions")).hasSize(2);
        assertThat(ok.path("renditions").get(1).path("atOriginalSize").asBoolean()).isTrue();
        // Every size of the preset above the photo is skipped, but the first at or above its long edge (rendered at original size).
        assertThat(ok.path("skippedSizes")).hasSize(gallery.core.preset.Presets.JPEG.sizes().size() - 2);
        assertThat(out.resolve("small.256.jpg")).exists();
        assertThat(out.resolve("small.320.jpg")).exists();
    }

    @Test
    void unknownPresetIsAnError(@TempDir Path dir) throws Exception {
        Run r = run("render", ELEPHANTS.toString(), "--out", dir.toString(), "--preset", "huge");
        assertThat(r.exit).isNotZero();
        assertThat(r.err).contains("unknown preset 'huge'");
    }

    /** Issue 15: a PNG whose zTXt inflates to gigabytes died with an OutOfMemoryError's stack trace. */
    @Test
    void aDecompressionBombInAPngChunkIsRefusedWithAClearReason(@TempDir Path dir) throws Exception {
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, ztxtBomb());
        Run r = run("render", bomb.toString(), "--out", dir.resolve("d").toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.lines).hasSize(1);
        assertThat(r.lines.get(0).path("status").asText()).isEqualTo("refused");
        assertThat(r.lines.get(0).path("reason").asText()).isEqualTo(
                "bomb.png: PNG zTXt chunk inflates to more than 1048576 bytes: expected at most that much text (a decompression bomb)");
    }

    /** A 64x48 PNG with a zTXt chunk of 512 MiB of zeros, deflated (about half a megabyte). */
    static byte[] ztxtBomb() throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        data.writeBytes("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1));
        try (var z = new java.util.zip.DeflaterOutputStream(data, new java.util.zip.Deflater(1))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 512; i++) z.write(zeros);
        }
        byte[] type = "zTXt".getBytes(StandardCharsets.ISO_8859_1), body = data.toByteArray(), p = png.toByteArray();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type);
        crc.update(body);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(p, 0, 33); // signature and IHDR
        out.writeBytes(java.nio.ByteBuffer.allocate(8).putInt(body.length).put(type).array());
        out.writeBytes(body);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(p, 33, p.length - 33);
        return out.toByteArray();
    }
}
