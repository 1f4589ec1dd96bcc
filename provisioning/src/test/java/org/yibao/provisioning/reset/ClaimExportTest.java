package org.yibao.provisioning.reset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export a factory reset writes before it removes anything. */
class ClaimExportTest {
    @TempDir Path dir;

    private static List<KeptClaim> claims() {
        return List.of(new KeptClaim("T01-1", "MESSAGES", "FUND", "settlement", "S1", "PENDING", 1_700_000_000_000L,
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), null, null));
    }

    @Test
    void theClaimsAreWrittenAndReadBackExactly() throws Exception {
        Path export = dir.resolve("usb").resolve("claims.jsonl");
        assertTrue(ClaimExport.writeVerified(claims(), export));
        List<KeptClaim> back = ClaimExport.readBack(export);
        assertEquals(1, back.size());
        assertEquals("T01-1", back.getFirst().id());
        assertArrayEquals(claims().getFirst().payload(), back.getFirst().payload());
        assertEquals(List.of(export), files(export.getParent()), "no temporary file left beside it");
    }

    /**
     * The reset checks that the export file does not exist before it locks the database; one
     * that appears after that check (another terminal's export written to the same stick) may be
     * the only copy of its claims, and is never replaced: the move into place replaced it
     * (judge's review of 2026-12-07).
     */
    @Test
    void anExportFileThatAppearedAfterTheCheckIsNeverReplaced() throws Exception {
        Path export = dir.resolve("claims.jsonl");
        Files.writeString(export, "another terminal's claims\n");
        assertThrows(FileAlreadyExistsException.class, () -> ClaimExport.writeVerified(claims(), export));
        assertEquals("another terminal's claims\n", Files.readString(export));
        assertEquals(List.of(export), files(dir), "no temporary file left beside it");
    }

    /**
     * Every field a claim is re-queued with, or handed to the centre with, comes back as it was
     * written: a refused claim's code and Chinese reason, and an order key that is there or is not.
     */
    @Test
    void everyFieldOfAClaimComesBackAsItWasWritten() throws Exception {
        KeptClaim refused = new KeptClaim("T01-2", "MESSAGES", "FUND", "settlement", null, "REJECTED", 1_700_000_000_123L,
                new byte[] {0, (byte) 0xFF, '\n'}, "2203", "参保人已暂停参保");
        List<KeptClaim> written = List.of(claims().getFirst(), refused);
        Path export = dir.resolve("claims.jsonl");
        assertTrue(ClaimExport.writeVerified(written, export));
        List<KeptClaim> back = ClaimExport.readBack(export);
        assertEquals(2, back.size());
        for (int i = 0; i < 2; i++) {
            KeptClaim w = written.get(i);
            KeptClaim b = back.get(i);
            assertEquals(List.of(w.id(), w.lane(), w.messageClass(), w.type(), w.state()),
                    List.of(b.id(), b.lane(), b.messageClass(), b.type(), b.state()));
            assertEquals(w.orderKey(), b.orderKey());
            assertEquals(w.createdAt(), b.createdAt());
            assertArrayEquals(w.payload(), b.payload());
            assertEquals(w.resultCode(), b.resultCode());
            assertEquals(w.resultReason(), b.resultReason());
        }
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        }
    }
}
