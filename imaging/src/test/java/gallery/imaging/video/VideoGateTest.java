package gallery.imaging.video;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoGateTest {
    private static final int PREFIX = 64 * 1024;
    private final VideoGate gate = new VideoGate(VideoLimits.DEFAULTS);

    /** Inspects a file as ingest does: a prefix, then ranged reads; counts the bytes read past the prefix. */
    private static VideoHeader inspect(VideoGate gate, Path file, AtomicLong ranged) {
        byte[] whole = VideoFixtures.read(file);
        byte[] prefix = Arrays.copyOf(whole, Math.min(whole.length, PREFIX));
        return gate.inspect(file.getFileName().toString(), prefix, whole.length, (off, len) -> {
            ranged.addAndGet(Math.min(len, whole.length - off));
            return Arrays.copyOfRange(whole, (int) off, (int) Math.min(whole.length, off + len));
        });
    }

    private VideoHeader inspect(Path file) {
        return inspect(gate, file, new AtomicLong());
    }

    @Test
    void readsAnH264Mp4WhoseIndexIsAtTheEndWithoutReadingTheMedia() {
        AtomicLong ranged = new AtomicLong();
        Path file = VideoFixtures.h264Mp4();
        VideoHeader h = inspect(gate, file, ranged);

        assertThat(h.container()).isEqualTo(VideoContainer.MP4);
        assertThat(h.durationMillis()).isEqualTo(3000);
        assertThat(h.metadata().width()).isEqualTo(640);
        assertThat(h.metadata().height()).isEqualTo(360);
        assertThat(h.videoCodec()).isEqualTo("avc1");
        assertThat(h.audioCodec()).isEqualTo("mp4a");
        assertThat(h.playsInBrowser()).isTrue();
        assertThat(h.metadata().takenAt()).isEqualTo(LocalDateTime.parse("2024-05-01T10:00:00"));
        assertThat(h.metadata().takenOffset()).isEqualTo(ZoneOffset.UTC);
        // The box headers and the moov: a few KiB of a file of hundreds.
        assertThat(ranged.get()).isLessThan(16 * 1024).isLessThan(VideoFixtures.read(file).length / 10);
    }

    @Test
    void readsTheContentIdentifierOfBothHalvesOfALivePhoto() {
        String id = "1F2E3D4C-5B6A-4798-8A9B-0C1D2E3F4A5B";
        LivePhotoFixtures.Pair pair = LivePhotoFixtures.livePhoto("IMG_0100", id);

        assertThat(inspect(pair.motion()).contentId()).isEqualTo(id);
        byte[] heic = VideoFixtures.read(pair.still());
        gallery.imaging.ImageHeader still = new gallery.imaging.ImageGate(gallery.imaging.ImagingConfig.defaults())
                .inspect("IMG_0100.HEIC", heic, heic.length);
        assertThat(still.format()).isEqualTo(gallery.imaging.ImageFormat.HEIC);
        assertThat(still.contentId()).isEqualTo(id);
        assertThat(inspect(VideoFixtures.h264Mp4()).contentId()).as("an ordinary video has none").isNull();
    }

    @Test
    void readsAnIphoneHevcMovRecordedPortrait() {
        VideoHeader h = inspect(VideoFixtures.hevcMovPortrait());

        assertThat(h.container()).isEqualTo(VideoContainer.QUICKTIME);
        assertThat(h.videoCodec()).isEqualTo("hvc1");
        assertThat(h.playsInBrowser()).isFalse();
        assertThat(h.rotation()).isEqualTo(90);
        assertThat(h.metadata().width()).isEqualTo(720);
        assertThat(h.metadata().height()).isEqualTo(1280);
        assertThat(h.durationMillis()).isEqualTo(2000);
        // com.apple.quicktime.creationdate wins over the UTC movie header, and keeps its offset.
        assertThat(h.metadata().takenInstant()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("2024-07-14T11:21:07+02:00"));
        assertThat(h.metadata().camera()).hasValue("Apple iPhone 15");
        assertThat(h.metadata().latitude()).isEqualTo(48.8584);
        assertThat(h.metadata().longitude()).isEqualTo(2.2945);
    }

    @Test
    void readsTheLocationFromXyz() {
        VideoHeader h = inspect(VideoFixtures.androidMp4WithXyz());
        assertThat(h.metadata().latitude()).isEqualTo(52.52);
        assertThat(h.metadata().longitude()).isEqualTo(13.405);
    }

    @Test
    void recognisesWebm() {
        VideoHeader h = inspect(VideoFixtures.webm());
        assertThat(h.container()).isEqualTo(VideoContainer.MATROSKA);
        assertThat(h.playsInBrowser()).isFalse();
    }

    @Test
    void refusesBadFilesNamingWhatIsWrong() {
        assertThatThrownBy(() -> inspect(VideoFixtures.truncatedMp4())).isInstanceOf(BadVideo.class)
                .hasMessageContaining("truncated").hasMessageContaining("'mdat'");
        assertThatThrownBy(() -> inspect(VideoFixtures.audioOnly())).isInstanceOf(BadVideo.class)
                .hasMessageContaining("only sound (mp4a)");
        assertThatThrownBy(() -> inspect(VideoFixtures.empty())).isInstanceOf(BadVideo.class)
                .hasMessageContaining("file is empty");
        assertThatThrownBy(() -> inspect(VideoFixtures.lyingFtyp())).isInstanceOf(BadVideo.class)
                .hasMessageContaining("at offset 24").hasMessageContaining("not the MP4 video its header claims");
    }

    @Test
    void refusesAVideoLongerThanTheLaneTakes() {
        VideoGate strict = new VideoGate(new VideoLimits(2, VideoLimits.DEFAULT_MAX_BYTES, VideoLimits.DEFAULT_MAX_INDEX_BYTES, 8192));
        assertThatThrownBy(() -> inspect(strict, VideoFixtures.h264Mp4(), new AtomicLong())).isInstanceOf(BadVideo.class)
                .hasMessageContaining("3.0 s long").hasMessageContaining("MAX_VIDEO_SECONDS").hasMessageContaining("MediaConvert");
    }

    @Test
    void sniffsContainersButLeavesHeifPhotosAlone() {
        assertThat(VideoContainer.sniff(new byte[]{0, 0, 0, 24, 'f', 't', 'y', 'p', 'q', 't', ' ', ' '})).hasValue(VideoContainer.QUICKTIME);
        assertThat(VideoContainer.sniff(new byte[]{0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'})).isEmpty();
        assertThat(VideoContainer.sniff(new byte[]{0, 0, 0, 24, 'f', 't', 'y', 'p', 'm', 'i', 'f', '1'})).isEmpty();
        assertThat(VideoContainer.sniff(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEmpty();
    }
}
