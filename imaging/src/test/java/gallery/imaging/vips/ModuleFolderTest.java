package gallery.imaging.vips;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ModuleFolderTest {
    @Test
    void aModuleIsNamedForItsBufferLoader() {
        assertThat(ModuleFolder.loaderOf("vips-heif.so")).isEqualTo("heifload_buffer").isIn(Vips.ALLOWED_LOADERS);
        assertThat(ModuleFolder.loaderOf("vips-magick.so")).isEqualTo("magickload_buffer").isNotIn(Vips.ALLOWED_LOADERS);
        assertThat(ModuleFolder.loaderOf("vips-openslide.so")).isNotIn(Vips.ALLOWED_LOADERS);
    }

    @Test
    void theLoadedLibvipsIsFoundAmongThisProcesssMappings() {
        Vips.load(Optional.empty(), 0);
        assertThat(Vips.mappedFile("libvips.so.42")).hasValueSatisfying(p -> assertThat(p.getFileName().toString()).startsWith("libvips"));
        assertThat(Vips.mappedFile("/opt/x/libvips-cpp.so.8.17.3")).contains(Path.of("/opt/x/libvips-cpp.so.8.17.3"));
    }
}
