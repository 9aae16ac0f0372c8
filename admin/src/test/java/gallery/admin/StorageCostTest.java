package gallery.admin;

import gallery.core.PhotoKey;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StorageCostTest {
    static final long MB = 1024 * 1024;
    static final long TB = 1024L * 1024 * MB;

    @Test
    void aTerabyteInGlacierInstantRetrievalIsFourDollarsTenAMonthAndThirtyOneToReadBack() {
        StoredBytes originals = new StoredBytes();
        originals.add("GLACIER_IR", TB);
        assertThat(StoredBytes.monthly(originals.now())).isCloseTo(4.096, within(1e-9));
        RereadCost read = RereadCost.of(List.of(original(TB, "GLACIER_IR")), 6);
        assertThat(read.retrieval()).isCloseTo(30.72, within(1e-9));
        // The same terabyte in Standard: no retrieval fee, only the requests.
        assertThat(RereadCost.of(List.of(original(TB, "STANDARD")), 6).retrieval()).isZero();
        assertThat(read.describe(true)).contains("read 1 originals in GLACIER_IR, 1.0 TiB: retrieval $30.72").contains("total $30.72");
    }

    @Test
    void smallObjectsStayInStandardAndColdOnesAreBilledAtLeast128KB() {
        StoredBytes renditions = new StoredBytes();
        renditions.add(null, 20 * 1024);          // a thumbnail: stays in Standard
        renditions.add("STANDARD", 300 * 1024);   // settles in Glacier IR
        renditions.add("GLACIER_IR", 50 * 1024);  // already moved by hand: billed as 128 KB
        assertThat(renditions.now()).containsOnlyKeys(S3Storage.STANDARD, S3Storage.GLACIER_IR);
        assertThat(renditions.now().get(S3Storage.GLACIER_IR)[2]).isEqualTo(128 * 1024);
        assertThat(renditions.settled().get(S3Storage.STANDARD)[1]).isEqualTo(20 * 1024);
        assertThat(renditions.settled().get(S3Storage.GLACIER_IR)[1]).isEqualTo(350 * 1024);
        assertThat(renditions.settled().get(S3Storage.GLACIER_IR)[2]).isEqualTo(428 * 1024);
    }

    @Test
    void midSizeRenditionsAreWrittenColdWhereTheyRepayTheDearerPutWithinFourYears() {
        // The month's saving, (0.023 x size - 0.004 x 128 KiB) / 2^30, repays the PUT's extra $0.000015 within 4 years.
        assertThat(gallery.core.deploy.StoragePlan.DIRECT_COLD_MIN_BYTES).isEqualTo(37_385);
        double saving = (0.023 * 37_384 - 0.004 * 131_072) / (1L << 30);
        assertThat(0.000015 / saving).isCloseTo(48, within(0.01));
        assertThat(gallery.core.deploy.StoragePlan.renditionWriteClass(17 * 1024)).isEqualTo("STANDARD");      // 400 px
        assertThat(gallery.core.deploy.StoragePlan.renditionWriteClass(26_340)).isEqualTo("STANDARD");        // 512 px: 16 years to repay
        assertThat(gallery.core.deploy.StoragePlan.renditionWriteClass(38_066)).isEqualTo("GLACIER_IR");      // 640 px
        assertThat(gallery.core.deploy.StoragePlan.renditionWriteClass(56_698)).isEqualTo("GLACIER_IR");      // 800 px
        assertThat(gallery.core.deploy.StoragePlan.renditionWriteClass(121 * 1024)).isEqualTo("STANDARD");   // 1280 px: moved after 30 days
        // As the listing shows them: written cold, it stays; a 121 KB one is moved; a 38 KB one written to
        // Standard before this rule stays there (the lifecycle moves only from 100 KB).
        StoredBytes renditions = new StoredBytes();
        renditions.add("STANDARD", 17 * 1024);
        renditions.add("STANDARD", 121 * 1024);
        renditions.add("GLACIER_IR", 38_066);
        renditions.add("STANDARD", 38_066);
        assertThat(renditions.settled().get(S3Storage.STANDARD)[1]).isEqualTo(17 * 1024 + 38_066);
        assertThat(renditions.settled().get(S3Storage.GLACIER_IR)[2]).isEqualTo(2 * 128 * 1024);
    }

    @Test
    void theTerabyteLineScalesThisLibrarysRenditionsAndRows() {
        // 4 MB photos with 1 MB of renditions each: 768 KB moved cold, four 64 KB written cold (billed 128 KB), 16 KB in Standard.
        StoredBytes originals = new StoredBytes();
        StoredBytes renditions = new StoredBytes();
        for (int i = 0; i < 100; i++) {
            originals.add("STANDARD", 4 * MB);
            renditions.add("STANDARD", 768 * 1024);
            for (int t = 0; t < 4; t++) renditions.add("GLACIER_IR", 64 * 1024);
            renditions.add("STANDARD", 16 * 1024);
        }
        StringWriter s = new StringWriter();
        CostCommand.perTerabyte(new PrintWriter(s, true), originals, renditions, 100);
        String out = s.toString();
        assertThat(out).contains("originals  1024 GB (GLACIER_IR from 100 KB)").contains("$4.10")
                .contains("renditions  260 GB (0.25 GB per GB of originals here)");
        // Renditions: (768 + 4 x 128) KB x 262,144 = 320 GB cold ($1.28) and 4 GB in Standard ($0.09);
        // 262,144 rows, 0.5 GB x ($0.10 Standard-IA + $0.20 backups) = $0.15; 4 alarm metrics $0.40; no secret.
        assertThat(out).contains("$1.37").contains("262144 rows").contains("$0.15").contains("4 alarm metrics").contains("$0.40")
                .contains("$6.02 a month");
    }

    @Test
    void dollarsBelowOneKeepFourDecimals() {
        assertThat(S3Storage.usd(0.00012)).isEqualTo("$0.0001");
        assertThat(S3Storage.usd(30.724)).isEqualTo("$30.72");
        assertThat(S3Storage.of(null)).isEqualTo(S3Storage.STANDARD);
        assertThat(S3Storage.of("glacier_ir")).isEqualTo(S3Storage.GLACIER_IR);
        assertThat(S3Storage.of("DEEP_ARCHIVE")).isEqualTo(S3Storage.STANDARD);
    }

    private static Original original(long size, String storageClass) {
        return new Original(new PhotoKey("photos/a/b.jpg"), size, "e", Instant.EPOCH, storageClass);
    }
}
