package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real 2102 through the settlement flow (shared commit: settlement, lines, accumulators, kept
 * receipt, msgid answer and outbox claim in one transaction) on a database that has no room left:
 * 1018 with its Chinese message, and not one of those rows written; once there is room again the
 * same msgid settles once. (CallServiceTest covers the API's side with a handler of its own,
 * HostFailuresTest the codes; this is the settlement's own transaction.) The disk is "full" through
 * SQLite's {@code max_page_count} on the writer connection, the same SQLITE_FULL a full flash gives.
 */
class FullDiskSettlementTest {
    private static final List<String> TABLES = List.of("settlement", "settlement_line", "receipt_kept",
            "idempotent_reply", "outbox_message", "accumulator");

    @TempDir
    Path dir;

    @Test
    void aSettlementOnAFullDiskIs1018AndWritesNothing() throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            assertEquals(0, rig.call("1101", byId()).get("infcode").intValue());
            ObjectNode purchase = purchaseOfLines(60); // rows too large for the room left in existing pages
            String msgid = rig.nextMsgid();
            String before = counts(rig);
            long balance = rig.scalar("SELECT coalesce(sum(balance), 0) FROM account_balance");

            fill(rig);
            JsonNode refused;
            try {
                refused = rig.call("2102", msgid, "1", purchase);
            } finally {
                room(rig);
            }
            assertEquals(-1, refused.get("infcode").intValue(), refused.toString());
            assertEquals("1018", refused.get("term_errcode").asText(), refused.toString());
            assertEquals("终端存储空间已满，请联系技术人员清理：未写入任何数据", refused.get("err_msg").asText());
            assertEquals(before, counts(rig), "nothing of the settlement was written");
            assertEquals(balance, rig.scalar("SELECT coalesce(sum(balance), 0) FROM account_balance"), "the account untouched");

            JsonNode settled = rig.call("2102", msgid, "1", purchase);
            assertEquals(0, settled.get("infcode").intValue(), settled.toString());
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE msgid = '" + msgid + "'"));
            assertEquals(settled.toString(), rig.call("2102", msgid, "1", purchase).toString(), "answered the same way again");
        }
    }

    private static String counts(FlowRig rig) throws SQLException {
        StringBuilder all = new StringBuilder();
        for (String table : TABLES) all.append(table).append('=').append(rig.scalar("SELECT count(*) FROM " + table)).append(' ');
        return all.toString();
    }

    /** Takes every free page and caps the file where it is: the next write needing a page fails with SQLITE_FULL. */
    private static void fill(FlowRig rig) throws SQLException {
        rig.db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS full_disk_filler(b BLOB)");
            }
            return null;
        });
        try (Statement s = rig.db.connection().createStatement()) {
            long pages;
            try (ResultSet r = s.executeQuery("PRAGMA page_count")) {
                r.next();
                pages = r.getLong(1);
            }
            s.execute("PRAGMA max_page_count = " + pages);
            try {
                for (int i = 0; i < 10_000; i++) s.executeUpdate("INSERT INTO full_disk_filler VALUES (randomblob(4000))");
                throw new AssertionError("SQLite never refused a row");
            } catch (SQLException full) {
                // the free pages are taken: from here every write that needs a page is refused
            }
        }
    }

    private static void room(FlowRig rig) throws SQLException {
        try (Statement s = rig.db.connection().createStatement()) {
            s.execute("PRAGMA max_page_count = 4294967294");
        }
    }

    /** A 2102 of {@code n} 甲类 lines of 1.00 each, account used. */
    private static ObjectNode purchaseOfLines(int n) {
        ObjectNode input = FlowRig.purchase("1.00", "1", n + ".00", true);
        com.fasterxml.jackson.databind.node.ArrayNode lines = input.putArray("drugdetail");
        for (int i = 1; i <= n; i++) {
            lines.addObject().put("feedetl_sn", Integer.toString(i)).put("med_list_codg", org.yibao.terminal.domain.settlement.Fixtures.JIA)
                    .put("det_item_fee_sumamt", "1.00").put("cnt", "1").put("pric", "1.00");
        }
        return input;
    }

    private static ObjectNode byId() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
        return input;
    }
}
