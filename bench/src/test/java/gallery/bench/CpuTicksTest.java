package gallery.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuTicksTest {
    @Test
    void idleAndIowaitAreNotBusy() {
        CpuTicks t = CpuTicks.parse("cpu  100 5 50 800 40 0 5 0 0 0");
        assertThat(t.total()).isEqualTo(1000);
        assertThat(t.busy()).isEqualTo(160);
    }

    @Test
    void busyShareIsBusyTicksOverAllTicks() {
        assertThat(new CpuTicks(250, 1200).busyShareSince(new CpuTicks(100, 1000))).isEqualTo(0.75);
        assertThat(new CpuTicks(0, 0).busyShareSince(new CpuTicks(0, 0))).isNaN();
    }

    @Test
    void thisMachineReportsTicks() {
        assertThat(CpuTicks.now().total()).isPositive();
    }
}
