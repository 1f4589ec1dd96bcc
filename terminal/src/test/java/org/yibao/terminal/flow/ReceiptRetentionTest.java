package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.cli.TerminalCli;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.store.receipt.ReceiptPurge;
import picocli.CommandLine;

/**
 * {@code retention.receipt_days}: a kept receipt older than that, once printed, is deleted; the
 * settlement stays, and may still be reversed at any time (the spec allows a 2103 whenever). The
 * reversal then prints its receipt from the settlement's own record (settlement and lines): the
 * same receipt as with the purchase's receipt kept, its lines named by the catalogue on the
 * settlement's date (the record keeps no names), except the ID and card numbers, which only
 * that receipt held and which it says are no longer kept; and the reversal itself (its answer,
 * its claim) is exactly as it would have been. A reprint of a deleted receipt is refused with a
 * code of its own, not "no such settlement".
 */
class ReceiptRetentionTest {
    private static final Duration RECEIPT_DAYS = Duration.ofDays(180);
    /** {@link Fixtures#JIA}'s name on the settlement's date (2027-01-15)... */
    private static final String NAME_THEN = "阿莫西林胶囊 0.25g×24粒";
    /** ...and from 2027-06-01, before the reversal 200 days later: the receipt names the line as it was priced. */
    private static final String NAME_LATER = "阿莫西林胶囊 0.5g×24粒";
    private static final String HEADER = "med_list_codg\tmed_list_name\tlist_type\tchrgitm_lv\tmed_chrgitm_type\t"
            + "selfpay_prop_310\tselfpay_prop_390\tpric_uplmt_amt\tlmt_used_flag\tbegndate\tenddate\tver\n";

    @Test
    void aReversalAfterThePurchasesReceiptWasDeletedPrintsItsReceiptFromTheSettlementRecord(@TempDir Path dir) throws Exception {
        Reversed kept = settleWaitAndReverse(dir.resolve("kept"), false);
        Reversed purged = settleWaitAndReverse(dir.resolve("purged"), true);

        assertEquals(0, purged.answer().path("infcode").asInt(), "the reversal succeeds: " + purged.answer());
        assertEquals(kept.answer().path("output"), purged.answer().path("output"), "the same 2103 answer");
        assertEquals(kept.claim(), purged.claim(), "the same reversal claim in the outbox");

        List<String> printed = Arrays.asList(purged.transcript().split("\n"));
        List<String> asWithTheReceiptKept = Arrays.stream(kept.transcript().split("\n"))
                .filter(l -> !l.startsWith("证件号：") && !l.startsWith("卡号：")).toList();
        String note = "证件号、卡号：原结算小票已过保存期，未保留";
        assertTrue(printed.contains(note), "says what it leaves out:\n" + purged.transcript());
        assertEquals(asWithTheReceiptKept, printed.stream().filter(l -> !l.equals(note)).toList(),
                "everything else as the reversal receipt made from the kept one:\n" + purged.transcript()
                        + "\n-- kept --\n" + kept.transcript());
        assertTrue(printed.contains("[C,B] 【撤销结算】") && printed.contains("姓名：张*"), purged.transcript());
        assertTrue(purged.transcript().contains(NAME_THEN) && !purged.transcript().contains(NAME_LATER)
                && !purged.transcript().contains(Fixtures.JIA), "the line named as on the settlement's date:\n"
                + purged.transcript());
        assertFalse(purged.transcript().contains("张三") || purged.transcript().contains(FlowRig.CERTNO)
                || purged.transcript().contains(FlowRig.PSN), "nothing personal unmasked:\n" + purged.transcript());
    }

    @Test
    void aLineWhoseCodeIsNoLongerInTheCatalogueIsPrintedByItsCode(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir, ReceiptRetentionTest::namedCatalogue)) {
            rig.seed(FlowRig.employee());
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            assertTrue(EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript().contains(NAME_THEN));
            rig.clock.advance(Duration.ofDays(200));
            rig.newShift();
            new CatalogStore(rig.db, rig.clock).importCatalog(Files.writeString(dir.resolve("catalog-2027.08.tsv"), HEADER
                    + Fixtures.YI + "\t另一种药\t101\t02\t09\t0.10\t0.20\tnull\t0\t2024-01-01\tnull\t2027.08\n"));
            assertEquals(1, purge(rig));
            JsonNode answer = rig.call("2103", FlowRig.reversalOf(settled));
            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            String transcript = EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript();
            assertTrue(transcript.contains(Fixtures.JIA) && !transcript.contains(NAME_THEN), "the code, as before:\n" + transcript);
        }
    }

    @Test
    void aReprintOfADeletedReceiptIsRefusedWithItsOwnCodeByTheApiAndTheCommand(@TempDir Path dir) throws Exception {
        String setlId;
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            setlId = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true)).at("/output/setlinfo/setl_id").asText();
            rig.clock.advance(RECEIPT_DAYS.plusDays(1));
            rig.newShift();
            assertEquals(1, purge(rig));
            for (String kind : new String[] {null, "settlement"}) {
                ObjectNode ask = FlowRig.JSON.createObjectNode();
                ObjectNode data = ask.putObject("data").put("setl_id", setlId);
                if (kind != null) data.put("kind", kind);
                JsonNode refused = rig.call("term_receipt_reprint", ask);
                assertEquals("1380", refused.path("term_errcode").asText(), "kind " + kind + ": " + refused);
                assertTrue(refused.path("err_msg").asText().startsWith("该笔结算的小票已超过本机保存期限"), refused.toString());
            }
            ObjectNode reversal = FlowRig.JSON.createObjectNode();
            reversal.putObject("data").put("setl_id", setlId).put("kind", "reversal");
            assertEquals("1364", rig.call("term_receipt_reprint", reversal).path("term_errcode").asText(),
                    "never reversed: no reversal's receipt, as before");
        }
        StringWriter out = new StringWriter();
        CommandLine cli = TerminalCli.configure(new CommandLine(new TerminalCli()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("receipt", "reprint", setlId, "--data-dir", dir.toString(), "--simulated"), out.toString());
        assertTrue(out.toString().contains("\"term_errcode\":\"1380\"") && out.toString().contains(setlId), out.toString());
    }

    @Test
    void aReceiptThatNeverPrintedIsKeptPastTheRetention(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String printed = settled(rig, FlowRig.purchase("50.00", "2", "100.00", true));
            rig.simulatedPrinter().paperOut();
            String owed = settled(rig, FlowRig.purchase("12.30", "1", "12.30", false));
            rig.simulatedPrinter().restore();
            rig.clock.advance(Duration.ofDays(180));
            assertEquals(0, purge(rig), "180 days old: kept");
            rig.clock.advance(Duration.ofDays(1));

            assertEquals(1, purge(rig), "only the printed receipt past 180 days");
            assertEquals(0, rig.scalar("SELECT COUNT(*) FROM receipt_kept WHERE setl_id = '" + printed + "'"));
            assertEquals(1, rig.scalar("SELECT COUNT(*) FROM receipt_kept WHERE setl_id = '" + owed + "' AND printed = 0"),
                    "owed to the patient: kept until it is reprinted");
            assertEquals(2, rig.scalar("SELECT COUNT(*) FROM settlement"), "settlements are never deleted");
            assertEquals(0, purge(rig), "nothing more");
        }
    }

    private record Reversed(JsonNode answer, String claim, String transcript) {
    }

    /** A purchase (by ID number), printed; 200 days later (its receipt deleted when {@code purge}) it is reversed. */
    private static Reversed settleWaitAndReverse(Path dir, boolean purge) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir, ReceiptRetentionTest::namedCatalogue)) {
            rig.seed(FlowRig.employee());
            ObjectNode purchase = FlowRig.purchase("50.00", "2", "100.00", true);
            JsonNode settled = rig.call("2102", purchase);
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            rig.clock.advance(Duration.ofDays(200));
            rig.newShift();
            assertEquals(purge ? 1 : 0, purge ? purge(rig) : 0);
            JsonNode answer = rig.call("2103", FlowRig.reversalOf(settled));
            String claim = rig.text("SELECT hex(payload) FROM outbox_message ORDER BY rowid DESC LIMIT 1");
            return new Reversed(answer, claim, EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript());
        }
    }

    /**
     * The catalogue as `terminal run` reads it: imported into the rig's own terminal.db and read
     * through {@link CatalogStore#catalog()}; {@link Fixtures#JIA} (甲类, as the fixtures' list has
     * it) renamed from 2027-06-01.
     */
    private static Catalog namedCatalogue(SqliteDatabase db, HandClock clock) throws SQLException {
        Path tsv = db.file().resolveSibling("catalog-2027.01.tsv");
        try {
            Files.writeString(tsv, HEADER
                    + Fixtures.JIA + "\t" + NAME_THEN + "\t101\t01\t09\t0\t0\tnull\t0\t2024-01-01\t2027-05-31\t2027.01\n"
                    + Fixtures.JIA + "\t" + NAME_LATER + "\t101\t01\t09\t0\t0\tnull\t0\t2027-06-01\tnull\t2027.01\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CatalogStore store = new CatalogStore(db, clock);
        store.importCatalog(tsv);
        return store.catalog();
    }

    private static String settled(FlowRig rig, ObjectNode purchase) throws Exception {
        JsonNode answer = rig.call("2102", purchase);
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        return answer.at("/output/setlinfo/setl_id").asText();
    }

    private static int purge(FlowRig rig) throws Exception {
        return new ReceiptPurge(rig.flows.receipts(), RECEIPT_DAYS, rig.clock).run();
    }
}
