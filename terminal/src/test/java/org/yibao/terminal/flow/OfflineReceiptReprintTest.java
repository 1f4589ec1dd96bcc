package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.cli.TerminalCli;
import picocli.CommandLine;

/**
 * A receipt settled while the centre was away says 脱机结算 待上传. Reprinted once the centre has
 * taken the claim, it still says the settlement was made offline (that does not change), but no
 * longer that it waits for upload: a customer or an auditor holding the copy would be told a
 * claim the centre already has is still missing. Real broker, real reference centre, real outbox.
 */
class OfflineReceiptReprintTest {

    @Test
    void aReprintAfterTheCentreTookTheClaimNoLongerSaysItWaitsForUpload(@TempDir Path dir) throws Exception {
        String setlId;
        Path data = dir.resolve("t");
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(data, centre)) {
            centre.add(FlowRig.employee());
            assertEquals("online", rig.call("1101", byId()).at("/output/term_source").asText());
            centre.away(); // the broker stays up; the terminal learns of it from a question left unanswered
            assertEquals("cache", rig.call("1101", byId()).at("/output/term_source").asText());
            JsonNode settled = rig.call("2102", FlowRig.purchase("100.00", "1", "100.00", false));
            assertTrue(settled.path("warn_msg").asText().contains("脱机结算"), settled.toString());
            setlId = settled.at("/output/setlinfo/setl_id").asText();
            String first = EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript();
            assertTrue(first.contains("脱机结算") && first.contains("待上传"), first);

            assertTrue(reprinted(rig, setlId).contains("待上传"), "the claim is not uploaded yet: still 待上传");

            centre.back();
            Eventually.await(Duration.ofSeconds(20), () -> rig.scalar(
                    "SELECT count(*) FROM outbox_message WHERE state <> 'ACKED'") == 0, () -> "the centre did not take the claim");
            String again = reprinted(rig, setlId);
            assertTrue(again.contains("脱机结算") && again.contains("重打"), again);
            assertFalse(again.contains("待上传"), "the centre has the claim, yet the reprint says 待上传:\n" + again);
        }
        StringWriter out = new StringWriter();
        CommandLine cli = TerminalCli.configure(new CommandLine(new TerminalCli()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute("receipt", "reprint", setlId, "--data-dir", data.toString(), "--simulated"), out.toString());
        assertTrue(out.toString().contains("脱机结算"), out.toString());
        assertFalse(out.toString().contains("待上传"), "the command's reprint says 待上传 too:\n" + out);
    }

    @Test
    void aReprintOfAnOfflineSettlementWhoseClaimTheCentreRejectedStillSaysItWaits(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            centre.add(FlowRig.employee());
            rig.call("1101", byId());
            centre.away();
            rig.call("1101", byId());
            String setlId = rig.call("2102", FlowRig.purchase("100.00", "1", "100.00", false)).at("/output/setlinfo/setl_id").asText();
            String claim = rig.text("SELECT claim_id FROM settlement WHERE setl_id = '" + setlId + "'");
            centre.claims.rejectId(claim, "E_TEST", "测试拒收");
            centre.back();
            Eventually.await(Duration.ofSeconds(20), () -> rig.scalar(
                    "SELECT count(*) FROM outbox_message WHERE state = 'REJECTED'") == 1, () -> "the centre did not reject the claim");
            String again = reprinted(rig, setlId);
            assertTrue(again.contains("待上传"), "a claim the centre rejected is not 已上传:\n" + again);
            assertFalse(again.contains("已上传"), again);
        }
    }

    private static ObjectNode byId() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
        return input;
    }

    private static String reprinted(FlowRig rig, String setlId) throws Exception {
        ObjectNode ask = FlowRig.JSON.createObjectNode();
        ask.putObject("data").put("setl_id", setlId);
        JsonNode answer = rig.call("term_receipt_reprint", ask);
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        return EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript();
    }
}
