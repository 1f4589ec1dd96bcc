package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.terminal.cli.TerminalCli;
import picocli.CommandLine;

/**
 * A receipt that did not print (paper out) is printed later: through the API transaction
 * {@code term_receipt_reprint}, and by {@code terminal receipt reprint SETL_ID --data-dir DIR}
 * on the same database file, with the name masked and the copy marked 重打.
 */
class ReceiptReprintTest {

    @Test
    void aReceiptKeptDuringPaperOutIsReprintedByTheApiAndByTheCommand(@TempDir Path dir) throws Exception {
        String setlId;
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            rig.simulatedPrinter().paperOut();
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            setlId = settled.at("/output/setlinfo/setl_id").asText();
            ObjectNode ask = FlowRig.JSON.createObjectNode();
            ask.putObject("data").put("setl_id", setlId);
            JsonNode stillOut = rig.call("term_receipt_reprint", ask);
            assertEquals("1802", stillOut.path("term_errcode").asText(), "admin signs in for diagnostics: " + stillOut);
            rig.simulatedPrinter().restore();
            JsonNode printed = rig.call("term_receipt_reprint", ask);
            assertEquals(0, printed.path("infcode").asInt(), printed.toString());
            assertTrue(EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript().contains("重打"));
            ObjectNode unknown = FlowRig.JSON.createObjectNode();
            unknown.putObject("data").put("setl_id", "T-0001-S00000999");
            assertEquals("1360", rig.call("term_receipt_reprint", unknown).path("term_errcode").asText());
        }
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int exit = cli.execute("receipt", "reprint", setlId, "--data-dir", dir.toString(), "--simulated", "--paper", "58");
        assertEquals(0, exit, out.toString());
        assertTrue(out.toString().contains("重打"), out.toString());
        assertTrue(out.toString().contains(setlId), out.toString());
        assertFalse(out.toString().contains("张三"), "masked on the receipt: " + out);
        StringWriter refused = new StringWriter();
        CommandLine unknown = new CommandLine(new TerminalCli());
        unknown.setOut(new PrintWriter(refused));
        unknown.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, unknown.execute("receipt", "reprint", "NOPE", "--data-dir", dir.toString(), "--simulated"));
        assertEquals("{\"term_errcode\":\"1360\",\"err_msg\":\"结算记录不存在：NOPE\"}", refused.toString().strip());
    }
}
