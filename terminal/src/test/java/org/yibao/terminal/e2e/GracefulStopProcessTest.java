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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.net.LoopbackPorts;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.wire.Topics;
import org.yibao.terminal.cli.CliProcess;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.e2e.KillStream.Sent;

/**
 * {@code terminal run} as a child JVM stopped the way systemd stops it (SIGTERM) while a POS
 * streams 2102s over HTTP, on a real Mosquitto with the reference centre: every infcode-0 answer
 * is in terminal.db, the retained status says offline/shutdown, the next start is clean, the
 * requests never answered settle once when the POS sends them again, and the centre ends with
 * each answered settlement exactly once. The stop is bounded also with the broker gone.
 */
class GracefulStopProcessTest {
    private static final int POS_THREADS = 8;
    private static final int ANSWERED_BEFORE_STOP = 15;
    /** Well under the unit's TimeoutStopSec=120s. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(25);

    @Test
    void sigtermDuringAStreamOfSettlementsLosesNoAnsweredClaimAndRestartsClean(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            HttpPos pos = setup.pos();
            Map<String, Sent> sent = new ConcurrentHashMap<>();
            CliProcess first = KillDuringSettlementsTest.startTerminal(setup.config());
            long stopMillis;
            CliProcess.Result stopped;
            try {
                String signNo = identified(pos);
                List<Thread> running = stream(pos, signNo, sent);
                Eventually.await(Duration.ofSeconds(60), () -> answered(sent) >= ANSWERED_BEFORE_STOP,
                        () -> "only " + answered(sent) + " answered before the stop");
                long t0 = System.nanoTime();
                stopped = first.terminate();
                stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                for (Thread t : running) t.join(Duration.ofSeconds(30));
            } finally {
                first.kill();
            }
            System.out.printf("SIGTERM after %d answered: exit %d in %d ms, %d unanswered%n", answered(sent), stopped.exit(), stopMillis,
                    sent.size() - answered(sent));
            assertTrue(stopMillis < STOP_BOUND.toMillis(), "the stop took " + stopMillis + " ms; stderr: " + stopped.err());
            assertTrue(stopped.exit() == 0 || stopped.exit() == 143, "exit " + stopped.exit() + "; stderr: " + stopped.err());

            Path data = dir.resolve("data");
            for (Sent s : sent.values()) {
                s.answer().ifPresent(a -> assertSettled(data, HttpPos.parse(a)));
            }
            assertEquals("offline/shutdown", retainedStatus(setup), "the retained status after a deliberate stop");

            CliProcess second = KillDuringSettlementsTest.startTerminal(setup.config());
            try {
                for (Map.Entry<String, Sent> e : sent.entrySet()) {
                    if (e.getValue().answer().isPresent()) continue;
                    String answer = pos.post(e.getValue().body());
                    E2eTerminal.ok(HttpPos.parse(answer));
                    sent.put(e.getKey(), e.getValue().answered(answer));
                }
                List<String> expected = new ArrayList<>();
                for (Sent s : sent.values()) {
                    JsonNode a = HttpPos.parse(s.answer().orElseThrow());
                    E2eTerminal.ok(a);
                    expected.add(a.at("/output/setlinfo/setl_id").asText());
                }
                awaitEachOnceAtTheCentre(setup.centre(), expected);
                assertEquals(expected.size(), scalar(data, "SELECT count(*) FROM settlement"), "nothing settled twice");
            } finally {
                second.terminate();
            }
        }
    }

    @Test
    void sigtermTwiceWithTheBrokerGoneStopsSoonAndTheNextStartIsClean(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            HttpPos pos = setup.pos();
            CliProcess first = KillDuringSettlementsTest.startTerminal(setup.config());
            CliProcess.Result stopped;
            long stopMillis;
            String setlId;
            try {
                String signNo = identified(pos);
                setup.broker().stop();
                JsonNode settled = HttpPos.parse(pos.post(pos.envelope("2102", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                        purchase(ZHANG_PSN, "310", "02", "0", line("1", "P0001", "25.50", "1", "25.50")))));
                E2eTerminal.ok(settled);
                setlId = settled.at("/output/setlinfo/setl_id").asText();
                Thread.sleep(1_500); // the uplink in its reconnect loop
                long t0 = System.nanoTime();
                signal("TERM", first.pid());
                Thread.sleep(300);
                signal("TERM", first.pid());
                stopped = first.finish();
                stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            } finally {
                first.kill();
            }
            System.out.printf("SIGTERM x2, broker down: exit %d in %d ms%n", stopped.exit(), stopMillis);
            assertTrue(stopMillis < STOP_BOUND.toMillis(), "the stop took " + stopMillis + " ms; stderr: " + stopped.err());
            setup.broker().startAgain();
            CliProcess second = KillDuringSettlementsTest.startTerminal(setup.config());
            try {
                Eventually.await(Duration.ofSeconds(40), () -> accepted(setup).contains(setlId),
                        () -> "the settlement made offline never reached the centre");
            } finally {
                second.terminate();
            }
        }
    }

    @Test
    void sigtermDuringStartUpLeavesNothingThatRefusesTheNextStart(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            for (int delay : new int[] {400, 900, 1_400}) {
                CliProcess starting = CliProcess.start(Map.of(), "run", "--config", setup.config().toString());
                Thread.sleep(delay);
                CliProcess.Result r = starting.terminate();
                System.out.printf("SIGTERM %d ms into the start: exit %d, out %s%n", delay, r.exit(), r.out());
            }
            CliProcess next = KillDuringSettlementsTest.startTerminal(setup.config());
            try {
                E2eTerminal.ok(HttpPos.parse(setup.pos().post(setup.pos().envelope("1101", setup.pos().nextMsgid(),
                        E2eTerminal.CASHIER, setup.pos().signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD), "1", byId(ZHANG_CERTNO)))));
            } finally {
                next.terminate();
            }
            try (var files = Files.list(dir.resolve("data"))) {
                List<String> quarantined = files.map(p -> p.getFileName().toString()).filter(n -> n.contains("quarantine")
                        || n.contains("corrupt")).toList();
                assertEquals(List.of(), quarantined, "no database quarantined");
            }
        }
    }

    @Test
    void sigtermWithABacklogTheSilentCentreNeverAnsweredDeliversItOnceAfterTheRestart(@TempDir Path dir) throws Exception {
        Path files = org.yibao.terminal.demo.DemoFiles.copyTo(dir.resolve("files"));
        int apiPort = LoopbackPorts.free();
        try (org.yibao.outbox.testing.MosquittoBroker broker = org.yibao.outbox.testing.MosquittoBroker.start(dir.resolve("broker"));
             HttpPos pos = new HttpPos(java.net.URI.create("http://127.0.0.1:" + apiPort + "/fsi/api/rsfComIfsService/callService"),
                     DemoSystem.FIXMEDINS_CODE, DemoSystem.ADMDVS)) {
            Path config = KillDuringSettlementsTest.writeConfig(dir, apiPort, broker.uri());
            KillDuringSettlementsTest.seedOperators(dir.resolve("data"));
            List<String> setlIds = new ArrayList<>();
            CliProcess first = KillDuringSettlementsTest.startTerminal(config);
            CliProcess.Result stopped;
            long millis;
            try {
                String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
                try (org.yibao.terminal.centre.ReferenceCentreService answering = startCentre(broker, files, dir)) {
                    Eventually.await(Duration.ofSeconds(20), () -> HttpPos.parse(pos.post(pos.envelope("1101", pos.nextMsgid(),
                            E2eTerminal.CASHIER, signNo, "1", byId(ZHANG_CERTNO)))).path("infcode").asInt(-1) == 0,
                            () -> "not identified while the centre answered");
                } // from here on the centre is silent
                for (int i = 0; i < 60; i++) {
                    JsonNode a = HttpPos.parse(pos.post(pos.envelope("2102", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                            purchase(ZHANG_PSN, "310", "02", "0", line("1", "P0001", "2.50", "1", "2.50")))));
                    E2eTerminal.ok(a);
                    setlIds.add(a.at("/output/setlinfo/setl_id").asText());
                }
                long t0 = System.nanoTime();
                stopped = first.terminate();
                millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            } finally {
                first.kill();
            }
            System.out.printf("SIGTERM with %d claims unanswered by a silent centre: exit %d in %d ms%n", setlIds.size(),
                    stopped.exit(), millis);
            assertTrue(millis < STOP_BOUND.toMillis(), "the stop took " + millis + " ms; stderr: " + stopped.err());
            try (org.yibao.terminal.centre.ReferenceCentreService centre = startCentre(broker, files, dir)) {
                CliProcess second = KillDuringSettlementsTest.startTerminal(config);
                try {
                    awaitEachOnceAtTheCentre(centre, setlIds);
                } finally {
                    second.terminate();
                }
            }
        }
    }

    @Test
    void sigtermWithAFrozenBrokerStopsSoon(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            HttpPos pos = setup.pos();
            CliProcess first = KillDuringSettlementsTest.startTerminal(setup.config());
            try {
                String signNo = identified(pos);
                signal("STOP", setup.broker().pid());
                try {
                    for (int i = 0; i < 5; i++) {
                        E2eTerminal.ok(HttpPos.parse(pos.post(pos.envelope("2102", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                                purchase(ZHANG_PSN, "310", "02", "0", line("1", "P0001", "2.50", "1", "2.50"))))));
                    }
                    long t0 = System.nanoTime();
                    CliProcess.Result stopped = first.terminate();
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    System.out.printf("SIGTERM with the broker frozen (SIGSTOP): exit %d in %d ms%n", stopped.exit(), millis);
                    assertTrue(millis < STOP_BOUND.toMillis(), "the stop took " + millis + " ms; stderr: " + stopped.err());
                } finally {
                    signal("CONT", setup.broker().pid());
                }
            } finally {
                first.kill();
            }
        }
    }

    private static org.yibao.terminal.centre.ReferenceCentreService startCentre(org.yibao.outbox.testing.MosquittoBroker broker,
                                                                               Path files, Path dir) throws Exception {
        return org.yibao.terminal.centre.ReferenceCentreService.start(broker.uri(), dir.resolve("centre.db"),
                org.yibao.terminal.centre.PersonDirectory.load(files.resolve(org.yibao.terminal.demo.DemoFiles.PERSONS)), "c1",
                java.time.Clock.systemUTC());
    }

    /** Waits until the centre has accepted as many settlements as {@code setlIds}, then: exactly those, each once. */
    private static void awaitEachOnceAtTheCentre(org.yibao.terminal.centre.ReferenceCentreService centre,
                                                 java.util.Collection<String> setlIds) throws Exception {
        List<String> expected = setlIds.stream().sorted().toList();
        Eventually.await(Duration.ofSeconds(40), () -> accepted(centre).size() >= expected.size(),
                () -> "the centre did not receive every settlement");
        assertEquals(expected, accepted(centre), "the centre holds exactly the answered settlements, each once");
    }

    private static List<String> accepted(org.yibao.terminal.centre.ReferenceCentreService centre) throws Exception {
        return centre.store().all().stream().filter(c -> "ACCEPTED".equals(c.status()))
                .map(c -> org.yibao.terminal.centre.ClaimReader.read(c.type(), c.payload())).flatMap(Optional::stream)
                .filter(c -> c.kind() == org.yibao.terminal.centre.CentreClaim.Kind.SETTLEMENT)
                .map(org.yibao.terminal.centre.CentreClaim::setlId).sorted().toList();
    }

    @Test
    void sigtermWhileTheUplinkConnectsToABrokerThatNeverAnswersStopsSoon(@TempDir Path dir) throws Exception {
        org.yibao.terminal.demo.DemoFiles.copyTo(dir.resolve("files"));
        try (java.net.ServerSocket blackhole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) held.add(blackhole.accept()); // TCP accepted, no CONNACK ever
                } catch (IOException closed) {
                    // test over
                }
            });
            Path config = KillDuringSettlementsTest.writeConfig(dir, LoopbackPorts.free(),
                    "tcp://127.0.0.1:" + blackhole.getLocalPort());
            KillDuringSettlementsTest.seedOperators(dir.resolve("data"));
            CliProcess first = KillDuringSettlementsTest.startTerminal(config);
            try {
                Eventually.await(Duration.ofSeconds(10), () -> !held.isEmpty(), () -> "the uplink never connected");
                long t0 = System.nanoTime();
                CliProcess.Result stopped = first.terminate();
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                System.out.printf("SIGTERM during a CONNECT never answered: exit %d in %d ms%n", stopped.exit(), millis);
                assertTrue(millis < STOP_BOUND.toMillis(), "the stop took " + millis + " ms; stderr: " + stopped.err());
                assertTrue(!stopped.err().contains("SQLException") && !stopped.err().contains("closed"),
                        "nothing used the database after it closed: " + stopped.err());
            } finally {
                first.kill();
                for (java.net.Socket socket : held) socket.close();
            }
        }
    }

    @Test
    void sigintAndSighupStopInOrderToo(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            for (String sig : List.of("INT", "HUP")) {
                CliProcess terminal = KillDuringSettlementsTest.startTerminal(setup.config());
                try {
                    Eventually.await(Duration.ofSeconds(10), () -> "online/connected".equals(retainedStatusOrEmpty(setup))
                            || retainedStatusOrEmpty(setup).startsWith("online"), () -> "never online");
                    signal(sig, terminal.pid());
                    CliProcess.Result stopped = terminal.finish();
                    System.out.printf("SIG%s: exit %d%n", sig, stopped.exit());
                    assertEquals("offline/shutdown", retainedStatus(setup), "after SIG" + sig);
                } finally {
                    terminal.kill();
                }
            }
        }
    }

    private static String retainedStatusOrEmpty(RunServiceSetup setup) {
        try {
            return retainedStatus(setup);
        } catch (Exception | AssertionError e) {
            return "";
        }
    }

    private static String identified(HttpPos pos) throws Exception {
        String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
        for (String certno : List.of(ZHANG_CERTNO, LI_CERTNO)) {
            E2eTerminal.ok(HttpPos.parse(pos.post(pos.envelope("1101", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1", byId(certno)))));
        }
        return signNo;
    }

    /** POS threads sending 2102s until the terminal stops answering; a refusal is kept as the answer it is. */
    private static List<Thread> stream(HttpPos pos, String signNo, Map<String, Sent> sent) {
        List<Thread> threads = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < POS_THREADS; i++) {
            int thread = i;
            threads.add(Thread.ofPlatform().start(() -> {
                while (true) {
                    String msgid = pos.nextMsgid();
                    byte[] body = HttpPos.bytes(pos.envelope("2102", msgid, E2eTerminal.CASHIER, signNo, "1", thread % 2 == 0
                            ? purchase(ZHANG_PSN, "310", "02", "0", line("1", "P0001", "25.50", "1", "25.50"))
                            : purchase(LI_PSN, "390", "02", "0", line("1", "P0002", "50.00", "1", "50.00"))));
                    sent.put(msgid, new Sent(body, Optional.empty()));
                    try {
                        String answer = pos.post(body);
                        if (HttpPos.parse(answer).path("infcode").asInt(-1) != 0) {
                            System.out.println("refused during the stop: " + answer);
                            sent.remove(msgid); // a refusal committed nothing: the POS starts that sale again
                            return;
                        }
                        sent.put(msgid, sent.get(msgid).answered(answer));
                        n.incrementAndGet();
                    } catch (IOException | InterruptedException lost) {
                        return;
                    }
                }
            }));
        }
        return threads;
    }

    private static long answered(Map<String, Sent> sent) {
        return sent.values().stream().filter(s -> s.answer().isPresent()).count();
    }

    private static void assertSettled(Path data, JsonNode answer) {
        String setlId = answer.at("/output/setlinfo/setl_id").asText();
        try {
            assertEquals(1, scalar(data, "SELECT count(*) FROM settlement WHERE setl_id = '" + setlId + "'"),
                    "answered infcode 0 but not in terminal.db: " + setlId);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long scalar(Path data, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + data.resolve("terminal.db") + "?mode=ro");
             var s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<String> accepted(RunServiceSetup setup) throws Exception {
        return accepted(setup.centre());
    }

    /** The retained status message as a subscriber arriving now reads it: "state/reason". */
    static String retainedStatus(RunServiceSetup setup) throws Exception {
        String topic = new Topics(DemoSystem.ADMDVS, DemoSystem.FIXMEDINS_CODE, "K01").status();
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(setup.broker().port()),
                "-t", topic, "-C", "1", "-W", "5", "--retained-only").redirectErrorStream(true).start();
        String text = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        sub.waitFor(10, TimeUnit.SECONDS);
        JsonNode status = HttpPos.parse(text.trim());
        return status.path("state").asText() + "/" + status.path("reason").asText();
    }

    static void signal(String name, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start().waitFor();
    }
}
