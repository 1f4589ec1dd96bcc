package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.byId;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.line;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.purchase;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.cli.CliProcess;

/**
 * {@code terminal run} stopped with SIGTERM while its devices hold something up: a 1101 waiting
 * for a card (term_wait_s 60) and a TCP printer that accepts and never answers, with receipts
 * queued. The stop stays well under the unit's TimeoutStopSec=120s, and every receipt that did
 * not print is kept for reprint ({@code terminal receipt waiting}).
 */
class GracefulStopDevicesProcessTest {
    private static final Duration STOP_BOUND = Duration.ofSeconds(25);

    @Test
    void sigtermWhileA1101WaitsForACardStopsSoon(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            withDevices(setup.config(), "{kind: simulated, paper_width: 58}");
            HttpPos pos = setup.pos();
            CliProcess terminal = KillDuringSettlementsTest.startTerminal(setup.config());
            try {
                String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
                CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        return pos.post(pos.envelope("1101", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                                PurchasesOverHttpTest.waiting("03").put("term_wait_s", 60)));
                    } catch (IOException | InterruptedException e) {
                        return "lost: " + e;
                    }
                });
                Thread.sleep(3_000); // the request is in the 60 s wait (no line marks its start; a loaded box may take a second or more)
                long t0 = System.nanoTime();
                CliProcess.Result stopped = terminal.terminate();
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                String answer = waiting.get(30, TimeUnit.SECONDS);
                System.out.printf("SIGTERM during a 1101 wait: exit %d in %d ms; the POS got %s%n", stopped.exit(), millis, answer);
                assertTrue(millis < STOP_BOUND.toMillis(), "the stop took " + millis + " ms; stderr: " + stopped.err());
                // an answer, not a dropped connection: the wait ends as the service stops, before its HTTP server does
                JsonNode refused = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.startsWith("{") ? answer : "{}");
                assertEquals("1352", refused.path("term_errcode").asText(), "the POS got: " + answer);
                assertTrue(refused.path("err_msg").asText().contains("终端正在停止"), "the POS got: " + answer);
            } finally {
                terminal.kill();
            }
        }
    }

    @Test
    void sigtermWithAPrinterThatNeverAnswersKeepsEveryUnprintedReceiptForReprint(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir);
             ServerSocket printer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread accepting = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) held.add(printer.accept()); // accepts, never reads, never answers
                } catch (IOException closed) {
                    // test over
                }
            });
            withDevices(setup.config(), "{kind: tcp, address: \"127.0.0.1:" + printer.getLocalPort() + "\", paper_width: 58}");
            HttpPos pos = setup.pos();
            CliProcess terminal = KillDuringSettlementsTest.startTerminal(setup.config());
            int settled = 0;
            try {
                String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
                E2eTerminal.ok(HttpPos.parse(pos.post(pos.envelope("1101", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                        byId(ZHANG_CERTNO)))));
                for (int i = 0; i < 8; i++) {
                    JsonNode answer = HttpPos.parse(pos.post(pos.envelope("2102", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                            purchase(ZHANG_PSN, "310", "02", "0", line("1", "P0001", "25.50", "1", "25.50")))));
                    E2eTerminal.ok(answer);
                    settled++;
                }
                Thread.sleep(1_000); // the first receipt is with the printer, the others queued
                long t0 = System.nanoTime();
                GracefulStopProcessTest.signal("TERM", terminal.pid());
                Thread.sleep(3_000);
                GracefulStopProcessTest.signal("TERM", terminal.pid()); // systemd's, then the wrapper's, or an impatient technician's
                CliProcess.Result stopped = terminal.finish();
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                System.out.printf("SIGTERM x2 with a silent printer: exit %d in %d ms%n", stopped.exit(), millis);
                assertTrue(millis < STOP_BOUND.toMillis(), "the stop took " + millis + " ms; stderr: " + stopped.err());
            } finally {
                terminal.kill();
                printer.close();
                accepting.join(Duration.ofSeconds(5));
                for (Socket s : held) s.close();
            }
            CliProcess.Result waiting = CliProcess.start(Map.of(), "receipt", "waiting", "--data-dir",
                    dir.resolve("data").toString()).finish();
            assertEquals(0, waiting.exit(), waiting.err());
            JsonNode listed = HttpPos.parse(String.join("\n", waiting.out()));
            System.out.println("receipt waiting: " + listed);
            int kept = countReceipts(listed);
            assertEquals(settled, kept, "every receipt the silent printer never took is kept for reprint: " + listed);
        }
    }

    private static int countReceipts(JsonNode listed) {
        for (JsonNode field : listed) {
            if (field.isArray()) return field.size();
        }
        throw new AssertionError("no list in " + listed);
    }

    /** Appends a devices section: simulated reader, scanner and GPIO, and {@code printer}. */
    private static void withDevices(Path config, String printer) throws IOException {
        Files.writeString(config, Files.readString(config) + """
                devices:
                  card_reader: simulated
                  scanner: simulated
                  printer: %s
                  gpio: simulated
                """.formatted(printer));
    }
}
