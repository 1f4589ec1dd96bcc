package org.yibao.provisioning.reset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.Outcome;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * A factory reset's promises on a real data folder: it removes nothing until the claims it must
 * keep are exported and the technician has confirmed, refuses a folder that is not a data folder
 * or holds a quarantined database, and once it runs leaves the folder empty.
 */
class FactoryResetTest {
    private static final MessageClass FUND = new MessageClass("FUND", Lane.MESSAGES, true);

    @TempDir Path tmp;
    Path data;

    @BeforeEach
    void aDataFolder() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        Files.createDirectories(data.resolve("keys"));
        Files.writeString(data.resolve("keys/device.key"), "key");
    }

    /** A data folder whose outbox holds {@code pending} unacknowledged claims and {@code rejected} refused ones. */
    private void outbox(int pending, int rejected) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve(FactoryReset.DATABASE))) {
            Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
            for (int i = 0; i < pending; i++) append(outbox);
            for (int i = 0; i < rejected; i++) {
                String id = append(outbox);
                outbox.apply(List.of(new Outcome.Published(id), new Outcome.Rejected(id, "2203", "参保人已暂停参保")));
            }
        }
    }

    private static String append(Outbox outbox) throws Exception {
        return ((AppendResult.Appended) outbox.append(new NewMessage("settlement", FUND, null, "{\"a\":1}".getBytes(UTF_8)))).id();
    }

    private Map<String, Long> tree() throws Exception {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) files.put(tmp.relativize(p).toString(), Files.size(p));
        }
        return files;
    }

    private ResetOutcome.Refused refused(Optional<Path> export, boolean confirmed, ResetReason reason) throws Exception {
        Map<String, Long> before = tree();
        ResetOutcome.Refused r = assertInstanceOf(ResetOutcome.Refused.class, FactoryReset.run(data, List.of(), export, confirmed));
        assertEquals(reason, r.reason(), r.detail());
        assertEquals(before, tree(), "nothing removed");
        return r;
    }

    @Test
    void aFolderWithoutTheDatabaseIsNotEmptied() throws Exception {
        assertEquals(data.toString(), refused(Optional.empty(), true, ResetReason.NOT_A_DATA_DIR).detail());
        assertEquals(ResetReason.NOT_A_DATA_DIR, assertInstanceOf(ResetOutcome.Refused.class,
                FactoryReset.run(tmp.resolve("nowhere"), List.of(), Optional.empty(), true)).reason());
    }

    @Test
    void unacknowledgedClaimsWithoutAnExportAreRefusedWithTheirCounts() throws Exception {
        outbox(2, 1);
        assertEquals("2 条未确认，1 条被中心拒绝", refused(Optional.empty(), true, ResetReason.UNACKED_CLAIMS).detail());
    }

    @Test
    void refusedClaimsAloneAreRefusedAsTheCentresRefusals() throws Exception {
        outbox(0, 1);
        assertEquals("1 条被中心拒绝", refused(Optional.empty(), true, ResetReason.REJECTED_CLAIMS).detail());
    }

    @Test
    void withoutConfirmationItNamesWhatWouldGoAndRemovesNothing() throws Exception {
        outbox(0, 0);
        String detail = refused(Optional.empty(), false, ResetReason.NOT_CONFIRMED).detail();
        assertTrue(detail.startsWith("将删除: " + data.resolve("keys")), detail);
        assertTrue(detail.contains(data.resolve(FactoryReset.DATABASE).toString()) && detail.endsWith("；未确认数据 0 条"), detail);
    }

    @Test
    void anExportInsideTheFolderOrOneThatExistsIsRefused() throws Exception {
        outbox(1, 0);
        refused(Optional.of(data.resolve("usb/claims.jsonl")), true, ResetReason.EXPORT_INSIDE_DATA_DIR);
        Path taken = Files.writeString(tmp.resolve("claims.jsonl"), "another terminal's\n");
        refused(Optional.of(taken), true, ResetReason.EXPORT_EXISTS);
    }

    @Test
    void aQuarantinedDatabaseAnywhereInTheFolderIsRefusedNamingIt() throws Exception {
        outbox(0, 0);
        Path corrupt = Files.writeString(data.resolve("keys/replay.db.corrupt-1733550000"), "x");
        assertTrue(refused(Optional.empty(), true, ResetReason.DATABASE_UNREADABLE).detail().contains(corrupt.toString()));
    }

    @Test
    void aConfirmedResetExportsTheKeptClaimsThenEmptiesTheFolder() throws Exception {
        outbox(1, 1);
        Path outside = Files.writeString(tmp.resolve("run.yaml"), "x");
        Path export = tmp.resolve("usb/claims.jsonl");
        ResetOutcome.Done done = assertInstanceOf(ResetOutcome.Done.class,
                FactoryReset.run(data, List.of(outside), Optional.of(export), true));
        assertEquals(2, done.exported());
        assertEquals(List.of("PENDING", "REJECTED"), ClaimExport.readBack(export).stream().map(KeptClaim::state).toList());
        assertTrue(done.removed().contains(outside.toString()) && done.removed().contains(data.resolve("keys").toString()), done.removed().toString());
        try (Stream<Path> left = Files.list(data)) {
            assertEquals(List.of(), left.toList(), "the folder is empty, the marker gone too");
        }
        assertTrue(Files.notExists(outside));
    }

    @Test
    void aResetCutShortAfterItsDatabaseWentIsFinishedOnTheNextRun() throws Exception {
        Files.writeString(data.resolve(FactoryReset.IN_PROGRESS), "factory-reset\n");
        refused(Optional.empty(), false, ResetReason.NOT_CONFIRMED);
        ResetOutcome.Done done = assertInstanceOf(ResetOutcome.Done.class, FactoryReset.run(data, List.of(), Optional.empty(), true));
        assertEquals(0, done.exported());
        try (Stream<Path> left = Files.list(data)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
