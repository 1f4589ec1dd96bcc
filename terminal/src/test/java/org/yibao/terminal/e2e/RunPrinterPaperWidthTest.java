package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.line;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.purchase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.DecodedReceipt;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.centre.PersonDirectory;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.devices.EscPosPeer;
import org.yibao.terminal.devices.RunDevices;

/**
 * A run file whose {@code devices.printer} is a 58 mm TCP printer: the service's own receipts
 * (a 2102 over HTTP, as {@code terminal run} starts it) are laid out for 58 mm, no line wider
 * than 32 columns (a CJK character counting two), as the README promises. Found black-box
 * (bbkiosk): the service printed 48-column (80 mm) lines on the configured 58 mm printer.
 */
class RunPrinterPaperWidthTest {
    private static final Clock CLOCK = Clock.system(ZoneId.of("Asia/Shanghai"));
    private static final Charset GB18030 = Charset.forName("GB18030");

    @TempDir Path dir;

    /** Columns a printer's Chinese font takes for {@code line}: one per single byte, two per double-byte character. */
    private static int columns(String line) {
        return line.codePoints().map(c -> new String(Character.toChars(c)).getBytes(GB18030).length == 1 ? 1 : 2).sum();
    }

    @Test
    void theServicesReceiptsOnAFiftyEightMillimetrePrinterAreNoWiderThanThirtyTwoColumns() throws Exception {
        try (EscPosPeer peer = new EscPosPeer()) {
            Path files = DemoFiles.copyTo(dir.resolve("files"));
            Path data = Files.createDirectories(dir.resolve("data"));
            Path runFile = Files.writeString(dir.resolve("run.yaml"), """
                    device_id: RUN01
                    institution: {fixmedins_code: %s, fixmedins_name: %s, admdvs: "%s", hosp_lv: %s}
                    data_dir: %s
                    policy: files/%s
                    catalog: files/%s
                    codemap: files/%s
                    centre: none
                    api: {port: 0}
                    devices:
                      card_reader: simulated
                      scanner: simulated
                      gpio: simulated
                      printer: {kind: tcp, address: "127.0.0.1:%d", paper_width: 58}
                    """.formatted(DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS, DemoSystem.HOSP_LV,
                    data, DemoFiles.POLICY, DemoFiles.CATALOG, DemoFiles.CODEMAP, peer.port()));
            String setlId;
            try (RunDevices devices = RunDevices.open(runFile, data);
                 TerminalApp app = TerminalApp.start(TerminalConfig.load(runFile), devices.flow(), CLOCK, devices.trust());
                 HttpPos pos = new HttpPos(app.callServiceUri(), DemoSystem.FIXMEDINS_CODE, DemoSystem.ADMDVS)) {
                E2eTerminal.seedOperators(app.api().operators());
                JsonNode zhang = PersonDirectory.load(files.resolve(DemoFiles.PERSONS))
                        .find(HttpPos.JSON.createObjectNode().put("psn_no", ZHANG_PSN)).orElseThrow();
                app.flows().persons().remember(PersonJson.parse(zhang), "D37150201", Json.write(zhang), CLOCK.instant());
                app.flows().persons().touchCentre(CLOCK.instant());
                String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
                ObjectNode bought = purchase(ZHANG_PSN, "310", "02", "0",
                        line("1", "P0001", "25.50", "1", "25.50"), line("2", "P0004", "12.80", "1", "12.80"));
                ((ObjectNode) bought.get("druginfo")).put("mdtrt_cert_no", ZHANG_CERTNO);
                JsonNode settled = HttpPos.parse(pos.post(pos.envelope("2102", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1", bought)));
                E2eTerminal.ok(settled);
                setlId = settled.at("/output/setlinfo/setl_id").asText();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (EscPosDecoder.decode(peer.received()).cuts() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
            }
            DecodedReceipt receipt = EscPosDecoder.decode(peer.received());
            assertTrue(receipt.transcript().contains(setlId), "the settlement's receipt reached the TCP printer: " + receipt.transcript());
            List<String> tooWide = receipt.lines().stream().filter(l -> columns(l) > 32).toList();
            assertEquals(List.of(), tooWide, "58 mm paper holds 32 columns; the receipt:\n" + receipt.transcript());
        }
    }
}
