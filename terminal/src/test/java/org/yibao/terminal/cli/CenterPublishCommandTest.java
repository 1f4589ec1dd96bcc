package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.update.UpdateLedger;
import picocli.CommandLine;

/**
 * {@code terminal center publish} and {@code center updates} without a broker: stored, numbered, listed; bad input refused;
 * an update too large for a device it reaches is named.
 */
class CenterPublishCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void withoutABrokerTheUpdateIsStoredForTheCatchUpAndNumberedPerTarget(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Pem.write(DeviceKey.generate(KeyAlgorithm.SM2).pair().getPrivate()));
        String db = dir.resolve("centre.db").toString();
        Path policy = Path.of("src/main/resources/examples/policy.yaml");

        Run first = run("center", "publish", "--db", db, "--key", key.toString(), "--device", "T01", "--policy", policy.toString());
        assertEquals(0, first.exit(), first.err());
        JsonNode printed = JSON.readTree(first.out());
        assertEquals("device/T01/1", printed.path("update_id").asText());
        assertFalse(printed.path("published").asBoolean());
        assertEquals(Files.size(policy), printed.path("bytes").asLong());

        assertEquals(0, run("center", "publish", "--db", db, "--key", key.toString(), "--device", "T01", "--command", "selftest").exit());
        assertEquals(0, run("center", "publish", "--db", db, "--key", key.toString(), "--area", "371502", "--command", "status").exit());

        Run updates = run("center", "updates", "--db", db);
        assertEquals(0, updates.exit(), updates.err());
        JsonNode listed = JSON.readTree(updates.out());
        assertEquals(2, listed.at("/streams/device~1T01").asInt(), updates.out());
        assertEquals(1, listed.at("/streams/area~1371502").asInt(), updates.out());
        assertEquals(0, listed.path("results").size());
    }

    @Test
    void badArgumentsAreRefusedWithNothingStored(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "not a key");
        String db = dir.resolve("centre.db").toString();
        Run badKey = run("center", "publish", "--db", db, "--key", key.toString(), "--device", "T01", "--command", "status");
        assertEquals(2, badKey.exit());
        assertTrue(badKey.err().contains("参数或文件无效"), badKey.err());

        Files.writeString(key, Pem.write(DeviceKey.generate(KeyAlgorithm.EC).pair().getPrivate()));
        Run noBase = run("center", "publish", "--db", db, "--key", key.toString(), "--area", "371502",
                "--catalog-delta", "src/main/resources/examples/catalog.tsv");
        assertEquals(2, noBase.exit());
        Run badCommand = run("center", "publish", "--db", db, "--key", key.toString(), "--device", "T01", "--command", "reboot");
        assertEquals(2, badCommand.exit());
        assertEquals(2, run("center", "publish", "--db", db, "--key", key.toString(), "--command", "status").exit(), "a target is required");
        Run noMapBase = run("center", "publish", "--db", db, "--key", key.toString(), "--area", "371502",
                "--codemap-delta", "src/main/resources/examples/codemap.tsv");
        assertEquals(2, noMapBase.exit());
        assertTrue(noMapBase.err().contains("--codemap-delta 需要 --base FILE"), noMapBase.err());
        Run piecesOfAPolicy = run("center", "publish", "--db", db, "--key", key.toString(), "--area", "371502",
                "--policy", "src/main/resources/examples/policy.yaml", "--pieces", "65536");
        assertEquals(2, piecesOfAPolicy.exit());
        assertTrue(piecesOfAPolicy.err().contains("--pieces 只用于 --catalog 或 --codemap"), piecesOfAPolicy.err());
        Run tinyPieces = run("center", "publish", "--db", db, "--key", key.toString(), "--area", "371502",
                "--catalog", "src/main/resources/examples/catalog.tsv", "--pieces", "65535");
        assertEquals(2, tinyPieces.exit());
        assertTrue(tinyPieces.err().contains("--pieces 须为 65536 到 67108864 字节"), tinyPieces.err());
        Run hugePieces = run("center", "publish", "--db", db, "--key", key.toString(), "--area", "371502",
                "--catalog", "src/main/resources/examples/catalog.tsv", "--pieces", "67108865");
        assertEquals(2, hugePieces.exit(), "as large as an int can be is not a piece size");
        assertTrue(hugePieces.err().contains("--pieces 须为 65536 到 67108864 字节"), hugePieces.err());

        assertFalse(Files.exists(dir.resolve("centre.db")), "every refusal came before the database was touched");
        assertEquals(2, run("center", "updates", "--db", db).exit(), "no centre database");
    }

    /** An update larger than a device said it takes is stored, and the output names the device and says what to do. */
    @Test
    void anUpdateLargerThanADeviceTakesIsStoredWithAWarningNamingIt(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Pem.write(DeviceKey.generate(KeyAlgorithm.EC).pair().getPrivate()));
        Path db = dir.resolve("centre.db");
        try (SqliteDatabase database = SqliteDatabase.open(db)) {
            UpdateLedger ledger = UpdateLedger.open(database, java.time.Clock.systemUTC());
            ledger.seen(new UpdateLedger.Device("T01", "371502", "H00000000001"), 64 * 1024);
            ledger.seen(new UpdateLedger.Device("T02", "371502", "H00000000002"), 0);
        }
        Path large = dir.resolve("large.tsv");
        Files.write(large, new byte[50_000]);
        Run area = run("center", "publish", "--db", db.toString(), "--key", key.toString(), "--area", "371502", "--catalog", large.toString());
        assertEquals(0, area.exit(), area.err());
        JsonNode printed = JSON.readTree(area.out());
        assertEquals("T01", printed.path("too_large_for").path(0).asText(), area.out());
        assertEquals(1, printed.path("too_large_for").size(), "T02 said no limit");
        assertTrue(printed.path("warning").asText().contains("-Xmx") && printed.path("warning").asText().contains("--withdraw 1"), area.out());
        assertTrue(printed.path("warning").asText().contains("--pieces 1048576"), "a catalogue can go in pieces: " + area.out());
        Run trust = run("center", "publish", "--db", db.toString(), "--key", key.toString(), "--area", "371502", "--trust", large.toString());
        String trustWarning = JSON.readTree(trust.out()).path("warning").asText();
        assertTrue(trustWarning.endsWith("--withdraw 2) and send a smaller file"), "only a catalogue or code map goes in pieces: " + trust.out());
        Run small = run("center", "publish", "--db", db.toString(), "--key", key.toString(), "--device", "T01", "--command", "status");
        assertTrue(JSON.readTree(small.out()).path("too_large_for").isMissingNode(), small.out());

        Run withdrawn = run("center", "publish", "--db", db.toString(), "--key", key.toString(), "--area", "371502", "--withdraw", "1");
        run("center", "publish", "--db", db.toString(), "--key", key.toString(), "--area", "371502", "--withdraw", "2");
        assertEquals(0, withdrawn.exit(), withdrawn.err());
        JsonNode notice = JSON.readTree(withdrawn.out());
        assertEquals("area/371502/1", notice.path("update_id").asText(), withdrawn.out());
        assertEquals("withdrawn", notice.path("kind").asText(), withdrawn.out());
        assertTrue(notice.path("too_large_for").isMissingNode(), withdrawn.out());
        try (SqliteDatabase database = SqliteDatabase.open(db)) {
            UpdateLedger ledger = UpdateLedger.open(database, java.time.Clock.systemUTC());
            assertEquals(List.of("withdrawn", "withdrawn"), ledger.after("area/371502", 0, 10).stream().map(UpdateLedger.Stored::kind).toList(),
                    "replaced in place: the same id, no second update");
        }
        Run none = run("center", "publish", "--db", db.toString(), "--key", key.toString(), "--area", "371502", "--withdraw", "7");
        assertEquals(2, none.exit(), none.out());
        assertTrue(none.err().startsWith("1754 ") && none.err().contains("area/371502/7"), none.err());
    }

    /**
     * {@code --withdraw SEQ} for a sequence no update can have (0, negative) is refused like one
     * beyond the last: 1754, no such update stored (docs/provisioning.md, center publish), not
     * 1756 "the update could not be stored".
     */
    @Test
    void withdrawingASequenceNoUpdateCanHaveIsRefusedAsNoSuchUpdate(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Pem.write(DeviceKey.generate(KeyAlgorithm.SM2).pair().getPrivate()));
        String db = dir.resolve("centre.db").toString();
        assertEquals(0, run("center", "publish", "--db", db, "--key", key.toString(), "--area", "371502", "--command", "status").exit());
        for (String seq : List.of("2", "0", "-1")) {
            Run none = run("center", "publish", "--db", db, "--key", key.toString(), "--area", "371502", "--withdraw", seq);
            assertEquals(2, none.exit(), seq + ": " + none.out() + none.err());
            assertTrue(none.err().startsWith("1754 ") && none.err().contains("area/371502/" + seq), seq + ": " + none.err());
        }
    }

    /**
     * A refused withdrawal leaves the ledger as it was: the device named with --admdvs/--fixmedins
     * is not recorded either (the second review's finding, 2026-12-05).
     */
    @Test
    void aRefusedWithdrawalRecordsNoDevice(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Pem.write(DeviceKey.generate(KeyAlgorithm.SM2).pair().getPrivate()));
        Path db = dir.resolve("centre.db");
        Run none = run("center", "publish", "--db", db.toString(), "--key", key.toString(), "--device", "T-0009",
                "--admdvs", "371502", "--fixmedins", "H00000000001", "--withdraw", "1");
        assertEquals(2, none.exit(), none.out() + none.err());
        assertTrue(none.err().startsWith("1754 "), none.err());
        try (SqliteDatabase database = SqliteDatabase.open(db)) {
            assertTrue(UpdateLedger.open(database, java.time.Clock.systemUTC()).device("T-0009").isEmpty());
        }
    }
}
