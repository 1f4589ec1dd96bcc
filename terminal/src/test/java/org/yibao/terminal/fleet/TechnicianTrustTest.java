package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.cli.TerminalCli;
import picocli.CommandLine;

/**
 * {@code terminal voucher trust --data-dir DIR FILE} (spec: the trust file is "also accepted by the
 * technician CLI"): on a box whose trust file came over the uplink, the technician's file becomes
 * the one the service uses from its next start; a faulty file changes nothing.
 */
class TechnicianTrustTest {
    @TempDir Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new TerminalCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString().strip(), err.toString());
    }

    /** A trust file holding one freshly made key {@code kid}, at {@code dir/<kid>.json}. */
    private Path trustFile(String kid) {
        Path trust = dir.resolve(kid + ".json");
        Run gen = run("voucher", "keygen", "--alg", "ES256", "--kid", kid, "--not-before", "0", "--not-after", "9999999999",
                "--private-out", dir.resolve(kid + ".pem").toString(), "--trust-out", trust.toString());
        assertEquals(0, gen.exit(), gen.err());
        return trust;
    }

    /** The box after a trust update over the uplink: terminal.db holds it as the trust in use. */
    private Path boxWithUplinkTrust(Path uplinkTrust) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            FleetStore store = FleetStore.open(db);
            byte[] json = Files.readAllBytes(uplinkTrust);
            db.inTransaction(c -> {
                store.putContent(c, "trust", "from-uplink", json, "device/T01/7");
                return null;
            });
        }
        return data;
    }

    private static Set<String> kidsInUse(Path data) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            return FleetService.initialTrust(FleetStore.open(db).content("trust"), data).file().keys().keySet();
        }
    }

    @Test
    void aLoadedTrustFileReplacesTheOneFromTheUplinkAtTheNextStart() throws Exception {
        Path data = boxWithUplinkTrust(trustFile("uplink-key"));
        assertEquals(Set.of("uplink-key"), kidsInUse(data));

        Run load = run("voucher", "trust", "--data-dir", data.toString(), trustFile("field-key").toString());

        assertEquals(0, load.exit(), load.out() + load.err());
        assertTrue(load.out().contains("\"kids\":[\"field-key\"]") && load.out().contains("约一秒内启用"), load.out());
        assertEquals(Set.of("field-key"), kidsInUse(data), "what the service and provision status read at start");
    }

    @Test
    void aFaultyTrustFileIsRefusedWholeAndTheOneInUseStays() throws Exception {
        Path data = boxWithUplinkTrust(trustFile("uplink-key"));
        Path faulty = dir.resolve("faulty.json");
        Files.writeString(faulty, Files.readString(trustFile("field-key")).replaceFirst("\\{", "{\"extra\":1,"));
        byte[] before = Files.readAllBytes(data.resolve("terminal.db"));

        Run load = run("voucher", "trust", "--data-dir", data.toString(), faulty.toString());

        assertEquals(2, load.exit(), load.out() + load.err());
        assertTrue(load.out().contains("\"term_errcode\":\"1563\""), load.out());
        assertTrue(load.err().startsWith("1563 "), load.err());
        assertArrayEquals(before, Files.readAllBytes(data.resolve("terminal.db")), "nothing written");
        assertEquals(Set.of("uplink-key"), kidsInUse(data));
    }

    @Test
    void aFolderWithoutTheTerminalsDatabaseIsRefusedAndGetsNone() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        Run load = run("voucher", "trust", "--data-dir", empty.toString(), trustFile("field-key").toString());

        assertEquals(2, load.exit(), load.out() + load.err());
        assertTrue(load.out().contains("\"term_errcode\":\"1960\""), load.out());
        assertFalse(Files.exists(empty.resolve("terminal.db")));
    }
}
