package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.LI_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.LI_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.byId;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.line;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.purchase;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yibao.terminal.e2e.KillStream.Sent;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.centre.CentreClaim;
import org.yibao.terminal.centre.ClaimReader;
import org.yibao.terminal.centre.ReferenceCentreService;
import org.yibao.terminal.cli.CliProcess;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.PasswordHasher;

/**
 * {@code terminal run --config FILE} as a child JVM on a real Mosquitto, the reference centre in
 * this JVM, and four POS threads streaming 2102s over HTTP; the terminal is killed with SIGKILL
 * in the middle of the stream and started again on the same configuration. The POS sends every
 * request whose answer it never saw again, byte for byte under the same msgid. In the end the
 * POS holds an infcode-0 answer for every request it made, the terminal's database holds
 * exactly those settlements, and the centre has accepted exactly those setl_ids, each once.
 */
class KillDuringSettlementsTest {
    private static final int POS_THREADS = 4;
    private static final int ANSWERED_BEFORE_KILL = 24;

    @Test
    void theCentreEndsWithExactlyTheSettlementsAnsweredInfcode0EachOnce(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            ReferenceCentreService centre = setup.centre();
            Path config = setup.config();
            HttpPos pos = setup.pos();
            Map<String, Sent> sent = new ConcurrentHashMap<>();

            CliProcess first = startTerminal(config);
            try {
                String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
                for (String certno : List.of(ZHANG_CERTNO, LI_CERTNO)) {
                    JsonNode identified = HttpPos.parse(pos.post(pos.envelope("1101", pos.nextMsgid(), E2eTerminal.CASHIER,
                            signNo, "1", byId(certno))));
                    E2eTerminal.ok(identified);
                }
                streamUntilKilled(pos, signNo, sent, first);
            } finally {
                first.kill();
            }
            List<String> unknown = sent.entrySet().stream().filter(e -> e.getValue().answer().isEmpty()).map(Map.Entry::getKey)
                    .sorted().toList();
            assertTrue(unknown.size() >= POS_THREADS, "every POS thread lost at least its last answer: " + unknown);

            CliProcess second = startTerminal(config);
            try {
                long committedUnseen = recorded(dir.resolve("data"), unknown);
                System.out.printf("kill -9 after %d answered 2102s; %d unanswered, %d of them committed before the kill%n",
                        sent.size() - unknown.size(), unknown.size(), committedUnseen);
                for (String msgid : unknown) {
                    String answer = pos.post(sent.get(msgid).body());
                    E2eTerminal.ok(HttpPos.parse(answer));
                    sent.put(msgid, sent.get(msgid).answered(answer));
                }
                for (Sent s : sent.values()) {
                    assertEquals(s.answer().orElseThrow(), pos.post(s.body()), "a replay after the restart is byte-identical");
                }
                List<String> answered = new ArrayList<>();
                for (Sent s : sent.values()) {
                    JsonNode a = HttpPos.parse(s.answer().orElseThrow());
                    E2eTerminal.ok(a);
                    answered.add(a.at("/output/setlinfo/setl_id").asText());
                }
                List<String> expected = answered.stream().sorted().toList();
                assertEquals(expected.size(), new HashSet<>(expected).size(), "each msgid settled once: " + expected);
                Eventually.await(Duration.ofSeconds(60), () -> acceptedSettlements(centre).size() >= expected.size(),
                        () -> "the centre did not receive every settlement");
                assertEquals(expected, acceptedSettlements(centre), "the centre holds exactly the answered settlements");
                assertEquals(0, centre.stats().rejected());
                System.out.printf("the centre: %d deliveries of %d claims%n", centre.stats().claimsReceived(),
                        centre.stats().claimsUnique());
                assertEquals(expected.size(), terminalSettlements(dir.resolve("data")));
            } finally {
                second.terminate();
            }
            assertEquals(sent.size(), terminalSettlements(dir.resolve("data")), "nothing settled after the last answer");
        }
    }

    /** POS threads send 2102s until the terminal stops answering; the terminal is killed once enough were answered. */
    private static void streamUntilKilled(HttpPos pos, String signNo, Map<String, Sent> sent, CliProcess terminal)
            throws Exception {
        KillStream.untilKilled(pos, POS_THREADS, (thread, msgid) -> Optional.of(HttpPos.bytes(pos.envelope("2102", msgid,
                E2eTerminal.CASHIER, signNo, "1", thread % 2 == 0
                        ? purchase(ZHANG_PSN, "310", "02", "0", line("1", "P0001", "25.50", "1", "25.50"))
                        : purchase(LI_PSN, "390", "02", "0", line("1", "P0002", "50.00", "1", "50.00"))))),
                sent, ANSWERED_BEFORE_KILL, 40, terminal, "settlements");
    }

    static CliProcess startTerminal(Path config) throws Exception {
        CliProcess terminal = CliProcess.start(Map.of(), "run", "--config", config.toString());
        String ready = terminal.nextOut();
        if (ready == null || !ready.startsWith("终端服务已启动")) {
            terminal.kill();
            throw new AssertionError("terminal run did not start: " + ready);
        }
        return terminal;
    }

    static Path writeConfig(Path dir, int apiPort, String brokerUri) throws IOException {
        return Files.writeString(dir.resolve("terminal.yaml"), """
                device_id: K01
                institution: {fixmedins_code: %s, fixmedins_name: %s, admdvs: "%s", hosp_lv: %s}
                data_dir: data
                policy: files/%s
                catalog: files/%s
                codemap: files/%s
                api: {port: %d}
                centre: {broker: "%s"}
                """.formatted(DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS, DemoSystem.HOSP_LV,
                DemoFiles.POLICY, DemoFiles.CATALOG, DemoFiles.CODEMAP, apiPort, brokerUri));
    }

    /** The operators an admin would have added with {@code terminal operator add} before the first start. */
    static void seedOperators(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        try (SqliteDatabase db = SqliteDatabase.open(dataDir.resolve("terminal.db"))) {
            E2eTerminal.seedOperators(Operators.open(db, new PasswordHasher(), LockoutPolicy.DEFAULT, Clock.systemUTC()));
        }
    }

    private static List<String> acceptedSettlements(ReferenceCentreService centre) throws Exception {
        return centre.store().all().stream().filter(c -> "ACCEPTED".equals(c.status()))
                .map(c -> ClaimReader.read(c.type(), c.payload())).flatMap(Optional::stream)
                .filter(c -> c.kind() == CentreClaim.Kind.SETTLEMENT).map(CentreClaim::setlId).sorted().toList();
    }

    /** How many of {@code msgids} the terminal has an answer recorded for. */
    private static long recorded(Path dataDir, List<String> msgids) throws Exception {
        long n = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dataDir.resolve("terminal.db") + "?mode=ro");
             var select = c.prepareStatement("SELECT count(*) FROM idempotent_reply WHERE msgid = ?")) {
            for (String msgid : msgids) {
                select.setString(1, msgid);
                try (ResultSet r = select.executeQuery()) {
                    r.next();
                    n += r.getLong(1);
                }
            }
        }
        return n;
    }

    private static long terminalSettlements(Path dataDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dataDir.resolve("terminal.db") + "?mode=ro");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM settlement")) {
            r.next();
            return r.getLong(1);
        }
    }
}
