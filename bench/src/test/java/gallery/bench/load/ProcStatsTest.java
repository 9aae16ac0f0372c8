package gallery.bench.load;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatsTest {
    @Test
    void cpuIsReadAfterTheCommandNameEvenWithSpacesAndParenthesesInIt() {
        // fields 14 (utime) and 15 (stime) in clock ticks of 1/100 s; the name is "(a) b"
        String stat = "4242 ((a) b) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 130 0 0 20 0 40 0 100 5000000 3000";

        assertThat(ProcStats.cpuSecondsOf(stat)).isEqualTo(3.8);
    }

    @Test
    void statusValuesAreKilobytes() {
        assertThat(ProcStats.parseKb("    123456 kB")).isEqualTo(OptionalLong.of(123456));
        assertThat(ProcStats.parseKb(" n/a")).isEmpty();
    }

    @Test
    void ourOwnProcessHasResidentMemoryAndUsedCpu() {
        long pid = ProcessHandle.current().pid();

        assertThat(ProcStats.statusKb(pid, "VmRSS").orElse(0)).isPositive();
        assertThat(ProcStats.statusKb(pid, "NoSuchField")).isEmpty();
        assertThat(ProcStats.cpuSeconds(pid)).isPositive();
    }

    @Test
    void jcmdReadsTheHeapOfAnotherJvm() {
        // the test JVM, seen from jcmd's own process
        assertThat(ProcStats.heap(ProcessHandle.current().pid(), false))
                .hasValueSatisfying(h -> assertThat(h).matches("[\\d,]+ MiB used of [\\d,]+ MiB committed"));
        assertThat(ProcStats.heapText(2048, 1_048_576)).isEqualTo("2 MiB used of 1,024 MiB committed");
    }
}
