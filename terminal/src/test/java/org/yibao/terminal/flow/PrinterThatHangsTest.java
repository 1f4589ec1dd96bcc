package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.PrinterConfig;
import org.yibao.drivers.printer.Printers;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.terminal.operator.HandClock;

/**
 * A network printer that takes the connection and then never answers (hung firmware), with a
 * 12 s printer timeout: the settlement's answer must not wait on it. Before, a 2102 asked the
 * printer's status before its commit and waited out the printer's read timeout (6 s here, half
 * the timeout; a printer switched off cost the whole timeout), each time, and behind any receipt
 * the desk was printing to it. The settlements still commit and answer, the
 * cashier is told 1801 once the terminal knows, and the receipts stay kept for reprint.
 */
class PrinterThatHangsTest {

    @Test
    void aHungPrinterNeverHoldsASettlementsAnswer(@TempDir Path dir) throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket printerPort = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        Socket s = printerPort.accept();
                        synchronized (held) {
                            held.add(s);
                        }
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            PrinterConfig config = new PrinterConfig(new PrinterConfig.Tcp("127.0.0.1", printerPort.getLocalPort()),
                    PaperWidth.MM80, Duration.ofSeconds(12), true);
            try (FlowRig rig = new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults(), FlowRig.KIOSK,
                    new HandClock(FlowRig.START), db -> Printers.open(config))) {
                rig.seed(FlowRig.employee());
                assertEquals(0, rig.call("2101", FlowRig.purchase("10.00", "1", "10.00", true)).path("infcode").asInt(),
                        "signed in, nothing printed");
                for (int i = 0; i < 2; i++) {
                    long started = System.nanoTime();
                    JsonNode settled = rig.callNotWaitingForReceipts("2102", FlowRig.purchase("10.00", "1", "10.00", true));
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    assertEquals(0, settled.path("infcode").asInt(), settled.toString());
                    assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "the answer waited on the printer (timeout 12 s) for " + took);
                }
                assertTrue(rig.flows.awaitReceipts(Duration.ofSeconds(30)), "both receipts given up on");
                JsonNode warned = rig.callNotWaitingForReceipts("2102", FlowRig.purchase("10.00", "1", "10.00", true));
                assertEquals(0, warned.path("infcode").asInt(), warned.toString());
                assertTrue(warned.path("warn_msg").asText().contains("1801") || warned.path("warn_msg").asText().contains("打印机未连接或离线"),
                        "the cashier is told once the terminal knows: " + warned);
                assertEquals(3, rig.scalar("SELECT count(*) FROM settlement"));
                assertEquals(0, rig.scalar("SELECT count(*) FROM receipt_kept WHERE printed = 1"), "nothing printed");
            }
            acceptor.interrupt();
        } finally {
            synchronized (held) {
                for (Socket s : held) s.close();
            }
        }
    }
}
