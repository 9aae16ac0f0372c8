package gallery.index;

import gallery.core.PhotoVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The record's rules, without DynamoDB: what is claimed, doomed, deleted and forgotten. */
class DerivedRecordTest {
    static final String V1 = "a1b2c3d4e5f6a7b8", V2 = "0123456789abcdef";
    static final String W640 = "renditions/640/photos/A/p.jpg.webp", W2560 = "renditions/2560/photos/A/p.jpg.webp",
            J640 = "renditions/640/photos/A/p.jpg.jpg";

    @Test
    void aReplacementWithFewerSizesDoomsTheSizesItNoLongerHas() {
        DerivedRecord r = DerivedRecord.EMPTY.claim(List.of(W640, W2560)).keepOnly(List.of(W640, W2560), List.of(W640, W2560), V1);
        assertThat(r.toDelete()).isEmpty();
        // The new version is uploaded: everything of the old one is doomed, under the old version.
        r = r.doomAll(List.of(), V1);
        assertThat(r.derived()).isEmpty();
        assertThat(r.toDelete()).containsExactlyInAnyOrder(doomed(V1, W640), doomed(V1, W2560));
        // Its render claims 640 again before the cleanup ran: 640 is no longer to be deleted, 2560 still is.
        r = r.claim(List.of(W640));
        assertThat(r.toDelete()).containsExactly(doomed(V1, W2560));
        r = r.keepOnly(List.of(W640), List.of(W640), V2).forget(r.toDelete());
        assertThat(r.derived()).containsExactly(W640);
        assertThat(r.doomed()).isEmpty();
    }

    @Test
    void anEarlierPresetsFilesAreDoomedWhenAnotherPresetCompletes() {
        DerivedRecord r = DerivedRecord.EMPTY.claim(List.of(J640)).keepOnly(List.of(J640), List.of(J640), V1);
        r = r.claim(List.of(W640)).keepOnly(List.of(W640), List.of(W640), V1);
        assertThat(r.derived()).containsExactly(W640);
        assertThat(r.toDelete()).containsExactly(doomed(V1, J640));
    }

    @Test
    void aConcurrentRenderOfTheSameVersionLosesItsClaimAndKnowsIt() {
        DerivedRecord r = DerivedRecord.EMPTY.claim(List.of(W640)).claim(List.of(J640));
        r = r.keepOnly(List.of(J640), List.of(J640), V1); // the jpeg render completed first
        assertThat(r.holds(List.of(W640))).isFalse();
        assertThat(r.holds(List.of(J640))).isTrue();
    }

    @Test
    void whatARenderWroteInAnEarlierRoundIsDoomedWithTheRest() {
        DerivedRecord r = DerivedRecord.EMPTY.claim(Set.of(W640)).keepOnly(List.of(W640), List.of(W640, W2560), V2);
        assertThat(r.toDelete()).containsExactly(doomed(V2, W2560));
    }

    @Test
    void copiesLeftAtAPresetChangeAreInvalidatedWhenTheVersionGoes() {
        DerivedRecord r = DerivedRecord.EMPTY.claim(List.of(J640)).keepOnly(List.of(J640), List.of(J640), V1)
                .claim(List.of(W640)).keepOnly(List.of(W640), List.of(W640), V1);
        r = r.forget(r.toDelete(), r.toDelete()); // deleted, the edge's copy of the same picture left
        assertThat(r.doomed()).isEmpty();
        assertThat(r.cached()).containsExactly(doomed(V1, J640).entry());
        r = r.doomAll(List.of(), V1); // the photo is deleted
        assertThat(r.toDelete()).containsExactlyInAnyOrder(doomed(V1, J640), doomed(V1, W640));
        assertThat(r.cached()).isEmpty();
    }

    static DerivedRecord.Doomed doomed(String eTag, String key) {
        return new DerivedRecord.Doomed(PhotoVersion.of(eTag), key);
    }
}
