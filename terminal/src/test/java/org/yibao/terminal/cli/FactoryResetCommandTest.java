package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.Outcome;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.reset.ClaimExport;
import org.yibao.provisioning.reset.KeptClaim;
import picocli.CommandLine;

/** {@code terminal factory-reset}: refusal while claims are unacknowledged, and the export path. */
class FactoryResetCommandTest {

    @TempDir Path tmp;

    static final byte[] CLAIM = "{\"setl_id\":\"S1\",\"medfee_sumamt\":12345}".getBytes(StandardCharsets.UTF_8);

    Path dataWithOneUnackedClaim() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.createDirectories(data.resolve("keys"));
        Files.writeString(data.resolve("keys/device.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
            outbox.append(new NewMessage("claim.sale", new MessageClass("claim", Lane.MESSAGES, false), "S1", CLAIM));
        }
        return data;
    }

    static final byte[] REFUSED = "{\"setl_id\":\"S2\",\"medfee_sumamt\":500}".getBytes(StandardCharsets.UTF_8);

    /**
     * A data folder whose claims the centre answered: S1 accepted, S2 refused; a control message
     * (a status report) refused too, which a reset need not keep; and {@code unacked} more claims
     * left unanswered.
     */
    Path dataWithARefusedClaim(int unacked) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
            MessageClass claim = new MessageClass("claim", Lane.MESSAGES, false);
            String accepted = ((AppendResult.Appended) outbox.append(new NewMessage("claim.sale", claim, "S1", CLAIM))).id();
            String refused = ((AppendResult.Appended) outbox.append(new NewMessage("claim.sale", claim, "S2", REFUSED))).id();
            String report = ((AppendResult.Appended) outbox.append(new NewMessage("status.report",
                    new MessageClass("status", Lane.CONTROL, false), null, "{}".getBytes(StandardCharsets.UTF_8)))).id();
            outbox.apply(List.of(new Outcome.Published(accepted), new Outcome.Published(refused), new Outcome.Published(report),
                    new Outcome.Accepted(accepted), new Outcome.Rejected(refused, "E_POLICY", "统筹支付超限"),
                    new Outcome.Rejected(report, "E_SCHEMA", "")));
            for (int i = 0; i < unacked; i++) outbox.append(new NewMessage("claim.sale", claim, "S" + (3 + i), CLAIM));
        }
        return data;
    }

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ThisThreadsOutput out = ThisThreadsOutput.replacing(oldOut);
        ThisThreadsOutput err = ThisThreadsOutput.replacing(oldErr);
        System.setOut(out.stream());
        System.setErr(err.stream());
        try {
            int exit = TerminalCli.configure(new CommandLine(new TerminalCli())).execute(args); // as main() sets it up
            return new Run(exit, out.text(), err.text());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void refusesWhileAClaimIsUnacknowledgedAndRemovesNothing() throws Exception {
        Path data = dataWithOneUnackedClaim();
        byte[] before = Files.readAllBytes(data.resolve("terminal.db"));

        Run run = cli("factory-reset", "--data-dir", data.toString(), "--yes");

        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().startsWith("1990 存在未被医保中心确认的上传数据"), run.err());
        assertTrue(run.err().contains("1 条未确认"), run.err());
        assertArrayEquals(before, Files.readAllBytes(data.resolve("terminal.db")));
        assertTrue(Files.exists(data.resolve("keys/device.key")));
    }

    /**
     * A claim the centre refused is its final answer on a settlement the device already made: the
     * pharmacy still has to settle it with the centre, and the outbox never purges it, so the
     * device's copy is the only one. A reset keeps it as it keeps an unacknowledged one.
     */
    @Test
    void aClaimTheCentreRefusedStopsTheResetUnlessExported() throws Exception {
        Path data = dataWithARefusedClaim(0);
        byte[] before = Files.readAllBytes(data.resolve("terminal.db"));

        Run refused = cli("factory-reset", "--data-dir", data.toString(), "--yes");
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().startsWith("1996 存在被医保中心拒绝的结算数据"), refused.err());
        assertTrue(refused.err().contains("1 条被中心拒绝") && !refused.err().contains("未确认"), refused.err());
        assertArrayEquals(before, Files.readAllBytes(data.resolve("terminal.db")));

        Run unconfirmed = cli("factory-reset", "--data-dir", data.toString(), "--export-claims", tmp.resolve("c.jsonl").toString());
        assertTrue(unconfirmed.err().startsWith("1992") && unconfirmed.err().contains("将导出 1 条被中心拒绝"), unconfirmed.err());

        Path export = tmp.resolve("export/claims.jsonl");
        Run run = cli("factory-reset", "--data-dir", data.toString(), "--export-claims", export.toString(), "--yes");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("导出未确认或被拒绝的数据 1 条"), run.out());
        List<KeptClaim> claims = ClaimExport.readBack(export);
        assertEquals(1, claims.size(), "the accepted claim is not exported");
        KeptClaim kept = claims.getFirst();
        assertEquals("S2", kept.orderKey());
        assertEquals("REJECTED", kept.state());
        assertEquals("E_POLICY", kept.resultCode());
        assertEquals("统筹支付超限", kept.resultReason());
        assertArrayEquals(REFUSED, kept.payload());
        assertFalse(Files.exists(data.resolve("terminal.db")));
    }

    /**
     * The export is the only copy of the claims of a folder it wipes: a later reset naming the same
     * file (the same name on the technician's USB stick, at the next kiosk) is refused, never
     * overwrites it, and removes nothing.
     */
    @Test
    void anExportFileThatExistsIsNeverOverwritten() throws Exception {
        Path export = tmp.resolve("usb/claims.jsonl");
        Path first = dataWithOneUnackedClaim();
        assertEquals(0, cli("factory-reset", "--data-dir", first.toString(), "--export-claims", export.toString(), "--yes").exit());
        byte[] firstExport = Files.readAllBytes(export);

        Path second = dataWithARefusedClaim(0);
        byte[] before = Files.readAllBytes(second.resolve("terminal.db"));
        Run run = cli("factory-reset", "--data-dir", second.toString(), "--export-claims", export.toString(), "--yes");

        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().startsWith("1997 导出文件已存在") && run.err().contains(export.toString()), run.err());
        assertArrayEquals(firstExport, Files.readAllBytes(export), "the first kiosk's claims are still there");
        assertArrayEquals(before, Files.readAllBytes(second.resolve("terminal.db")), "nothing removed");
    }

    @Test
    void unacknowledgedClaimsAreNamedFirstBesideRefusedOnes() throws Exception {
        Path data = dataWithARefusedClaim(2);
        Run run = cli("factory-reset", "--data-dir", data.toString(), "--yes");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().startsWith("1990 ") && run.err().contains("2 条未确认，1 条被中心拒绝"), run.err());

        Path export = tmp.resolve("claims.jsonl");
        assertEquals(0, cli("factory-reset", "--data-dir", data.toString(), "--export-claims", export.toString(), "--yes").exit());
        assertEquals(List.of("REJECTED", "PENDING", "PENDING"), ClaimExport.readBack(export).stream().map(KeptClaim::state).toList());
    }

    @Test
    void withoutYesItOnlySaysWhatWouldGo() throws Exception {
        Path data = dataWithOneUnackedClaim();
        Run run = cli("factory-reset", "--data-dir", data.toString(), "--export-claims", tmp.resolve("claims.jsonl").toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().startsWith("1992"), run.err());
        assertTrue(run.out().startsWith("{\"term_errcode\":\"1992\",\"err_msg\":\"恢复出厂设置将删除"), run.out());
        assertTrue(run.err().contains("terminal.db"), run.err());
        assertFalse(run.err().contains("terminal.db-wal") || run.err().contains("terminal.db-shm"),
                "the files the reset's own look at the database makes go with it, not listed apart: " + run.err());
        assertFalse(Files.exists(tmp.resolve("claims.jsonl")));
        assertTrue(Files.exists(data.resolve("terminal.db")));
    }

    @Test
    void exportsTheClaimsExactlyThenWipesTheDataDirectory() throws Exception {
        Path data = dataWithOneUnackedClaim();
        Path export = tmp.resolve("export/claims.jsonl");

        Run run = cli("factory-reset", "--data-dir", data.toString(), "--export-claims", export.toString(), "--yes");

        assertEquals(0, run.exit(), run.err());
        List<KeptClaim> claims = ClaimExport.readBack(export);
        assertEquals(1, claims.size());
        assertEquals("S1", claims.getFirst().orderKey());
        assertArrayEquals(CLAIM, claims.getFirst().payload());
        try (var left = Files.list(data)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void anExportInsideTheDataDirectoryIsRefused() throws Exception {
        Path data = dataWithOneUnackedClaim();
        Run run = cli("factory-reset", "--data-dir", data.toString(), "--export-claims", data.resolve("c.jsonl").toString(), "--yes");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("1995"), run.err());
        assertTrue(Files.exists(data.resolve("terminal.db")));
    }

    @Test
    void anExportReachingIntoTheDataDirectoryThroughALinkIsRefused() throws Exception {
        Path data = dataWithOneUnackedClaim();
        Path link = Files.createSymbolicLink(tmp.resolve("link"), data);

        for (Path export : List.of(link.resolve("claims.jsonl"), link.resolve("new/sub/claims.jsonl"))) {
            Run run = cli("factory-reset", "--data-dir", data.toString(), "--export-claims", export.toString(), "--yes");
            assertEquals(2, run.exit(), run.out() + run.err());
            assertTrue(run.err().startsWith("1995"), run.err());
        }
        assertTrue(Files.exists(data.resolve("terminal.db")));
        assertTrue(Files.exists(data.resolve("keys/device.key")));
        assertFalse(Files.exists(data.resolve("claims.jsonl")), "nothing written into the data directory");
        assertFalse(Files.exists(data.resolve("new")));
    }

    @Test
    void aLinkedDataDirectoryIsResetWhereItReallyIs() throws Exception {
        Path data = dataWithOneUnackedClaim();
        Path link = Files.createSymbolicLink(tmp.resolve("data-link"), data);

        Run inside = cli("factory-reset", "--data-dir", link.toString(), "--export-claims", data.resolve("c.jsonl").toString(), "--yes");
        assertEquals(2, inside.exit(), inside.err());
        assertTrue(inside.err().startsWith("1995"), "the export check compares real paths: " + inside.err());

        Path export = tmp.resolve("export/claims.jsonl");
        Run run = cli("factory-reset", "--data-dir", link.toString(), "--export-claims", export.toString(), "--yes");

        assertEquals(0, run.exit(), run.err());
        assertEquals(1, ClaimExport.readBack(export).size());
        try (var left = Files.list(data)) {
            assertEquals(List.of(), left.toList(), "the folder the link points at is emptied");
        }
        assertTrue(Files.isSymbolicLink(link), "the link itself stays");
    }

    @Test
    void aQuarantinedDatabaseStopsTheResetAndIsNamed() throws Exception {
        Path data = dataWithOneUnackedClaim();
        Path quarantined = Files.writeString(data.resolve("terminal.db.corrupt-20261203120000"), "claims nobody can count");

        Run run = cli("factory-reset", "--data-dir", data.toString(), "--export-claims", tmp.resolve("claims.jsonl").toString(), "--yes");

        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().startsWith("1994 "), run.err());
        assertTrue(run.err().contains(quarantined.toString()), run.err());
        assertTrue(Files.exists(quarantined));
        assertTrue(Files.exists(data.resolve("terminal.db")));
        assertFalse(Files.exists(tmp.resolve("claims.jsonl")));

        Files.delete(data.resolve("terminal.db")); // as the quarantine left it: only the quarantined copy
        Run alone = cli("factory-reset", "--data-dir", data.toString(), "--yes");
        assertEquals(2, alone.exit(), alone.err());
        assertTrue(alone.err().startsWith("1994 ") && alone.err().contains(quarantined.toString()), alone.err());
        assertTrue(Files.exists(quarantined));
    }

    /**
     * What the command says is judged alone: a log line another thread writes meanwhile (a service
     * an earlier test class left closing in this JVM, as a CI run once had) goes to the real stream.
     */
    @Test
    void anotherThreadsLogLinesStayOutOfTheCommandsOutput() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("noisy"));
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        Thread noise = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                System.err.println("23:59:59.999 WARN  o.y.o.u.MqttUplink - not ours");
                System.out.println("not ours either");
                writing.countDown();
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            }
        });
        try {
            writing.await();
            Run run = cli("factory-reset", "--data-dir", other.toString(), "--yes");
            assertTrue(run.err().startsWith("1993") && !run.err().contains("not ours"), run.err());
            assertTrue(run.out().startsWith("{\"term_errcode\":\"1993\"") && !run.out().contains("not ours"), run.out());
        } finally {
            done.set(true);
            noise.join();
        }
    }

    @Test
    void aFolderWithoutTheDatabaseIsNeverEmptied() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(other.resolve("precious.txt"), "x");
        Run run = cli("factory-reset", "--data-dir", other.toString(), "--yes");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("1993"), run.err());
        assertTrue(run.out().startsWith("{\"term_errcode\":\"1993\""), run.out());
        assertTrue(Files.exists(other.resolve("precious.txt")));
    }

    /**
     * A reset while the service ran on the folder went through: the service went on answering
     * settlements into deleted files, lost when it stopped. The service holds
     * {@code DATA/terminal.lock} locked; here another process (python's fcntl, as the JVM's
     * FileChannel locks) holds it. {@code RunServiceOnTheFolderTest} has the real service.
     */
    @Test
    void refusesWhileAServiceHoldsTheFolderAndRemovesNothing() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);
        Path lockFile = data.resolve("terminal.lock");
        Files.createFile(lockFile);
        Process holder = new ProcessBuilder("python3", "-c", "import fcntl,sys,time\n"
                + "f=open(sys.argv[1],'r+')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('held',flush=True)\ntime.sleep(60)", lockFile.toString())
                .redirectErrorStream(true).start();
        try {
            assertEquals("held", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine());

            Run run = cli("factory-reset", "--data-dir", data.toString(), "--yes");

            assertEquals(2, run.exit(), run.out() + run.err());
            assertTrue(run.err().startsWith("1998 数据目录正被运行中的终端服务使用"), run.err());
            assertTrue(Files.exists(data.resolve("terminal.db")), "nothing removed");
        } finally {
            holder.destroyForcibly().waitFor();
        }
        Run afterStop = cli("factory-reset", "--data-dir", data.toString(), "--yes");
        assertEquals(0, afterStop.exit(), "the service stopped, the reset goes: " + afterStop.out() + afterStop.err());
    }

    /**
     * The run file's {@code api_tls} certificate and key live beside it, outside the data folder,
     * where other services may use them too: the reset leaves them, and says so both when it lists
     * what would go and when it is done, so the technician removes the key before the box leaves.
     */
    @Test
    void theApiTlsFilesOutsideTheDataFolderAreNamedAndLeft() throws Exception {
        Path data = dataWithARefusedClaim(0);
        Path export = tmp.resolve("claims.jsonl");
        Path cert = Files.writeString(tmp.resolve("api.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Path key = Files.writeString(tmp.resolve("api.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Path config = SelftestCommandTest.apiConfig(tmp, data, "api_tls: {cert: api.crt, key: api.key}\n");
        String left = "未删除运行配置 api_tls 所指的证书与私钥（不在数据目录中）：" + cert + ", " + key;

        Run listed = cli("factory-reset", "--config", config.toString(), "--export-claims", export.toString());
        assertEquals(2, listed.exit(), listed.err());
        assertTrue(listed.err().startsWith("1992 ") && listed.err().contains("；" + left), listed.err());

        Run done = cli("factory-reset", "--config", config.toString(), "--export-claims", export.toString(), "--yes");
        assertEquals(0, done.exit(), done.err());
        List<String> lines = done.out().lines().toList();
        assertEquals(2, lines.size(), done.out());
        assertTrue(lines.getFirst().startsWith("已恢复出厂设置：删除 ") && lines.getFirst().endsWith("导出未确认或被拒绝的数据 1 条"), done.out());
        assertEquals(left + "；设备离开药店前请手工删除私钥", lines.get(1));
        assertTrue(Files.exists(cert) && Files.exists(key), "left where they are");
        assertTrue(Files.notExists(config));
    }

    /**
     * The key under a folder linked from inside the data folder: the reset removes the link, not
     * the key where it really is, so the key stays. It was named in the listing (1992) but not
     * when done, the link gone and its path no longer found; now both name it, with where it is.
     */
    @Test
    void anApiTlsKeyReachedThroughALinkInTheDataFolderIsNamedWhenDone() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);
        Path outside = Files.createDirectories(tmp.resolve("etc-tls"));
        Path key = Files.writeString(outside.resolve("api.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Files.createSymbolicLink(data.resolve("tls"), outside);
        Path config = SelftestCommandTest.apiConfig(tmp, data, "api_tls: {cert: api.crt, key: data/tls/api.key}\n");
        String named = data.resolve("tls/api.key") + "（实际位于 " + key.toRealPath() + "）";

        Run listed = cli("factory-reset", "--config", config.toString());
        assertEquals(2, listed.exit(), listed.err());
        assertTrue(listed.err().contains("未删除运行配置 api_tls 所指的证书与私钥（不在数据目录中）：" + named), listed.err());

        Run done = cli("factory-reset", "--config", config.toString(), "--yes");
        assertEquals(0, done.exit(), done.err());
        assertTrue(done.out().contains(named + "；设备离开药店前请手工删除私钥"), done.out());
        assertTrue(Files.exists(key), "the key where it really is stays");
    }

    /** A key kept inside the data folder is listed with it and goes with it: nothing to name afterwards. */
    @Test
    void anApiTlsKeyInsideTheDataFolderGoesWithIt() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);
        Path key = Files.writeString(data.resolve("api.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Path config = SelftestCommandTest.apiConfig(tmp, data, "api_tls: {cert: api.crt, key: data/api.key}\n");

        Run listed = cli("factory-reset", "--config", config.toString());
        assertEquals(2, listed.exit(), listed.err());
        assertTrue(listed.err().contains(key.toString()) && !listed.err().contains("未删除"), listed.err());

        Run done = cli("factory-reset", "--config", config.toString(), "--yes");
        assertEquals(0, done.exit(), done.err());
        assertEquals(1, done.out().lines().count(), done.out());
        assertTrue(Files.notExists(key));
    }
}
