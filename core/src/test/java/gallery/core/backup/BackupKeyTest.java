package gallery.core.backup;

import com.fasterxml.jackson.databind.JsonNode;
import gallery.core.Json;
import gallery.core.Uploader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BackupKeyTest {
    private static final BackupKey GRANDMA = new BackupKey("grandma@example.org", "photos/Grandma/", "AIDLOCAL1",
            "GBKEXAMPLE1", "secret", Instant.parse("2026-12-07T00:00:00Z"));

    @Test
    void folderIsTheNameInAsciiElseTheAddressBeforeTheAt() {
        assertEquals("Grandma", BackupKey.folderFor("Grandma", "g@example.org"));
        assertEquals("Zoe-Muller", BackupKey.folderFor("  Zoë Müller ", "z@example.org"));
        assertEquals("anna-b", BackupKey.folderFor(null, "anna.b@example.org".replace('.', '-')));
        assertEquals("anna", BackupKey.folderFor("日本", "anna@example.org"));
        assertEquals("photos/Grandma/", BackupKey.prefixFor("Grandma"));
        assertThrows(IllegalArgumentException.class, () -> BackupKey.prefixFor("../x"));
        assertThrows(IllegalArgumentException.class, () -> BackupKey.prefixFor("a/b"));
    }

    @Test
    void coversOnlyKeysUnderItsOwnPrefix() {
        assertTrue(GRANDMA.covers("photos/Grandma/Camera/IMG_1.jpg"));
        assertFalse(GRANDMA.covers("photos/Grandma/"));
        assertFalse(GRANDMA.covers("photos/Grandmother/a.jpg"));
        assertFalse(GRANDMA.covers("photos/Dad/a.jpg"));
        assertFalse(GRANDMA.covers("photos/Grandma/../Dad/a.jpg"));
        assertTrue(GRANDMA.mayList("photos/Grandma/Camera/"));
        assertFalse(GRANDMA.mayList("photos/"));
        assertFalse(GRANDMA.mayList(null));
    }

    @Test
    void keyFileRoundTripsAndSeesChanges(@TempDir Path dir) {
        BackupKeyFile file = new BackupKeyFile(dir);
        assertEquals(List.of(), file.keys());
        file.write(List.of(GRANDMA));
        assertEquals(GRANDMA, file.byAccessKey("GBKEXAMPLE1").orElseThrow());
        new BackupKeyFile(dir).write(List.of());
        assertTrue(file.byAccessKey("GBKEXAMPLE1").isEmpty(), "a key removed by another process is gone at once");
    }

    @Test
    void policyGrantsListReadAddOnTheMemberPrefixAndDeniesDeletes() {
        JsonNode doc = Json.read(BackupPolicy.forKey("originals-bucket", "photos/Grandma/"), JsonNode.class);
        JsonNode list = doc.get("Statement").get(0);
        assertEquals("s3:ListBucket", list.get("Action").asText());
        assertEquals("photos/Grandma/*", list.at("/Condition/StringLike/s3:prefix").asText());
        JsonNode objects = doc.get("Statement").get(1);
        assertEquals("arn:aws:s3:::originals-bucket/photos/Grandma/*", objects.get("Resource").asText());
        assertFalse(objects.get("Action").toString().contains("Delete"));
        JsonNode deny = doc.get("Statement").get(2);
        assertEquals("Deny", deny.get("Effect").asText());
        assertTrue(deny.get("Action").toString().contains("\"s3:DeleteObjectVersion\""));
        assertTrue(BackupPolicy.boundary("b").contains("arn:aws:s3:::b/photos/*"));
    }

    @Test
    void metadataMayClaimAdminOrAMemberButNeverABackupKey() {
        assertEquals("admin", Uploader.fromMetadata("admin"));
        assertEquals("member:ann@example.org", Uploader.fromMetadata(Uploader.member("ann@example.org")));
        assertNull(Uploader.fromMetadata(Uploader.backupKey("ann@example.org")));
        assertNull(Uploader.fromMetadata("member:"));
        assertNull(Uploader.fromMetadata(null));
    }
}
