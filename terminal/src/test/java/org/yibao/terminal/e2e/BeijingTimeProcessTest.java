package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.byId;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.line;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.purchase;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.cli.CliProcess;

/**
 * {@code terminal run} on a device whose operating system was left in another time zone (here
 * Pacific/Honolulu, UTC-10, set through {@code TZ} for the child JVM): the settlement is still
 * dated in Beijing time, as the platform, the policy's effective dates and the centre's
 * reconciliation days count, and {@code terminal clock status} shows Beijing time too. Before,
 * both followed the operating system's zone: a purchase at 07:30 in Beijing on a UTC box was
 * dated 23:30 the day before.
 */
class BeijingTimeProcessTest {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final Map<String, String> ELSEWHERE = Map.of("TZ", "Pacific/Honolulu");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void aDeviceLeftInAnotherTimeZoneDatesSettlementsInBeijingTime(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            Path config = setup.config();
            HttpPos pos = setup.pos();
            CliProcess terminal = CliProcess.start(ELSEWHERE, "run", "--config", config.toString());
            try {
                String ready = terminal.nextOut();
                assertTrue(ready != null && ready.startsWith("终端服务已启动"), "terminal run did not start: " + ready);
                String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
                E2eTerminal.ok(HttpPos.parse(pos.post(pos.envelope("1101", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                        byId(ZHANG_CERTNO)))));
                LocalDateTime before = LocalDateTime.now(BEIJING).withNano(0);
                JsonNode settled = HttpPos.parse(pos.post(pos.envelope("2102", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                        purchase(ZHANG_PSN, "310", "02", "0", line("1", "P0001", "25.50", "1", "25.50")))));
                LocalDateTime after = LocalDateTime.now(BEIJING);
                E2eTerminal.ok(settled);
                LocalDateTime setlTime = LocalDateTime.parse(settled.at("/output/setlinfo/setl_time").asText(), TIME);
                assertTrue(!setlTime.isBefore(before) && !setlTime.isAfter(after),
                        "setl_time " + setlTime + " is Beijing time, between " + before + " and " + after);
            } finally {
                terminal.terminate();
            }
            CliProcess.Result status = CliProcess.run(ELSEWHERE, "clock", "status", "--data-dir", dir.resolve("data").toString());
            assertEquals(0, status.exit(), status.err());
            JsonNode shown = HttpPos.JSON.readTree(String.join("", status.out()));
            LocalDateTime now = LocalDateTime.parse(shown.path("now").asText(), TIME);
            assertTrue(Duration.between(now, LocalDateTime.now(BEIJING)).abs().toMinutes() < 2,
                    "terminal clock status shows Beijing time: " + shown);
        }
    }
}
