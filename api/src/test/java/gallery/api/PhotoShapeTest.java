package gallery.api;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gallery.core.Json;
import gallery.core.preset.Presets;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Photo JSON's one source is {@link PhotoJson.Photo}. Its shape (each field's JSON type, nested records
 * inline) is written to web/test/photo-shape.json, which the web's unit tests check {@code web/src/types.ts}
 * against and the sample server builds its photos from; with the default preset's sizes, which the API's
 * renditions follow. This test fails when the file is not what the record says: rerun it with
 * {@code -Dphoto.shape.write=true} to rewrite the file, then fix types.ts until {@code npm test} passes.
 */
class PhotoShapeTest {
    static final Path FILE = Path.of("../web/test/photo-shape.json");

    @Test
    void theWebsCopyOfThePhotoShapeIsThePhotoRecords() throws Exception {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("comment", "Generated from api PhotoJson.Photo by PhotoShapeTest (mvn -pl api -am test -Dtest=PhotoShapeTest "
                + "-Dphoto.shape.write=true); web/test/photo-shape.test.ts checks src/types.ts against it.");
        root.set("Photo", shape(PhotoJson.Photo.class));
        root.set("presetSizes", Json.MAPPER.valueToTree(Presets.DEFAULT.sizes()));
        String expected = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";

        if (Boolean.getBoolean("photo.shape.write")) Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8).replace("\r\n", "\n"))
                .as("%s is not PhotoJson.Photo's shape: rerun with -Dphoto.shape.write=true", FILE.toAbsolutePath().normalize())
                .isEqualTo(expected);
    }

    @Test
    void aTypeIsDescribedByItsJsonKind() {
        assertThat(kind(String.class)).isEqualTo("string");
        assertThat(kind(Integer.class)).isEqualTo("number");
        assertThat(kind(double.class)).isEqualTo("number");
        assertThat(kind(boolean.class)).isEqualTo("boolean");
        assertThat(shape(PhotoJson.Location.class).toString()).isEqualTo("{\"latitude\":\"number\",\"longitude\":\"number\"}");
    }

    /** A record as JSON: each component's name and kind, nested records inline, a list as a one-element array of its element. */
    private static ObjectNode shape(Class<?> record) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (RecordComponent c : record.getRecordComponents()) {
            Type t = c.getGenericType();
            if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
                Class<?> element = (Class<?>) p.getActualTypeArguments()[0];
                out.putArray(c.getName()).add(element.isRecord() ? shape(element) : Json.MAPPER.getNodeFactory().textNode(kind(element)));
            } else if (c.getType().isRecord()) {
                out.set(c.getName(), shape(c.getType()));
            } else {
                out.put(c.getName(), kind(c.getType()));
            }
        }
        return out;
    }

    private static String kind(Class<?> type) {
        if (type == String.class) return "string";
        if (type == boolean.class || type == Boolean.class) return "boolean";
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) return "number";
        throw new IllegalArgumentException("no JSON kind for " + type + ": describe it here");
    }
}
