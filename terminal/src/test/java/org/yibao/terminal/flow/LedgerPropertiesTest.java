package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.yibao.outbox.Lane;

/**
 * The terminal's ledger over random runs of a cashier's day, offline (so the policy's offline
 * limits refuse some settlements): purchases of varying amounts with and without the personal
 * account, reversals of settled purchases and of reversed ones, resent requests (same msgid,
 * same bytes), and hours passing. After every step, whatever was answered:
 * <ul>
 *   <li>each answered settlement's parts add up to its total, to the fen;</li>
 *   <li>the account balance is the starting balance less the account part of every settlement
 *       not reversed, and never below zero;</li>
 *   <li>the accumulators are the starting ones plus the recorded changes of every settlement not
 *       reversed;</li>
 *   <li>one claim per answered settlement and one per answered reversal wait in the outbox, each
 *       reversal's under its settlement's order key;</li>
 *   <li>no offline settlement pays more than 500.00 from the fund, and the day's offline fund
 *       payments stay within 5,000.00;</li>
 *   <li>an answered request sent again gets the very same answer and changes nothing; a refusal
 *       changes nothing (and, not being recorded, is asked afresh when sent again).</li>
 * </ul>
 * At the end every settlement still standing is reversed and the accumulators and the balance
 * are back where they started.
 */
class LedgerPropertiesTest {

    /** A step of the cashier's day. */
    sealed interface Step {
    }

    /** A 甲类 purchase of {@code cnt} × {@code fen} fen. */
    record Purchase(long fen, int cnt, boolean useAccount) implements Step {
    }

    /** Reverses an answered settlement (perhaps one already reversed). */
    record Reverse(int pick) implements Step {
    }

    /** Sends an earlier request again, byte for byte. */
    record Resend(int pick) implements Step {
    }

    /** Time passes (the cashier signs in again). */
    record PassHours(int hours) implements Step {
    }

    private record Sent(ObjectNode envelope, String answer) {
    }

    @Property(tries = 12, edgeCases = EdgeCasesMode.NONE)
    void theLedgerAddsUpWhateverTheCashierDoes(@ForAll("days") List<Step> day) throws Exception {
        Path dir = Files.createTempDirectory("ledger");
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            long startBalance = balance(rig);
            Map<String, List<Long>> startAccumulators = accumulators(rig);
            List<Sent> sent = new ArrayList<>();
            for (Step step : day) {
                Snapshot before = Snapshot.of(rig);
                JsonNode answer = switch (step) {
                    case Purchase p -> send(rig, sent, "2102", FlowRig.purchase(yuan(p.fen()), Integer.toString(p.cnt()),
                            yuan(p.fen() * p.cnt()), p.useAccount()));
                    case Reverse r -> reverse(rig, sent, r.pick());
                    case Resend r -> resend(rig, sent, r.pick(), before);
                    case PassHours h -> {
                        rig.clock.advance(Duration.ofHours(h.hours()));
                        rig.newShift();
                        yield null;
                    }
                };
                if (answer != null && answer.path("infcode").asInt() != 0) {
                    assertEquals(before, Snapshot.of(rig), "a refusal changes nothing: " + answer);
                }
                check(rig, startBalance, startAccumulators, step);
            }
            for (String setlId : standing(rig)) {
                JsonNode done = rig.call("2103", reversal(rig, setlId));
                assertEquals(0, done.path("infcode").asInt(), done.toString());
            }
            assertEquals(startBalance, balance(rig), "every settlement reversed: the balance is back");
            assertEquals(startAccumulators, accumulators(rig), "every settlement reversed: the accumulators are back");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static JsonNode send(FlowRig rig, List<Sent> sent, String infno, ObjectNode input) throws Exception {
        ObjectNode envelope = rig.envelope(infno, rig.nextMsgid(), input);
        String answer = rig.raw(envelope);
        sent.add(new Sent(envelope, answer));
        JsonNode parsed = FlowRig.JSON.readTree(answer);
        if (infno.equals("2102") && parsed.path("infcode").asInt() == 0) {
            addsUp(parsed);
        }
        return parsed;
    }

    private static JsonNode reverse(FlowRig rig, List<Sent> sent, int pick) throws Exception {
        List<String> settled = new ArrayList<>();
        for (Sent s : sent) {
            JsonNode answer = FlowRig.JSON.readTree(s.answer());
            if (s.envelope().path("infno").asText().equals("2102") && answer.path("infcode").asInt() == 0) {
                settled.add(answer.at("/output/setlinfo/setl_id").asText());
            }
        }
        if (settled.isEmpty()) {
            return null;
        }
        return send(rig, sent, "2103", reversal(rig, settled.get(pick % settled.size())));
    }

    /**
     * An answered request sent again gets its recorded answer byte for byte and changes nothing; a
     * refused one is not recorded (README: a refused request may be retried), so it is asked
     * again as it stands now and counts as sent anew.
     */
    private static JsonNode resend(FlowRig rig, List<Sent> sent, int pick, Snapshot before) throws Exception {
        if (sent.isEmpty()) {
            return null;
        }
        Sent earlier = sent.get(pick % sent.size());
        if (FlowRig.JSON.readTree(earlier.answer()).path("infcode").asInt() != 0) {
            String infno = earlier.envelope().path("infno").asText();
            String again = rig.raw(earlier.envelope());
            sent.add(new Sent(earlier.envelope(), again));
            JsonNode parsed = FlowRig.JSON.readTree(again);
            if (infno.equals("2102") && parsed.path("infcode").asInt() == 0) {
                addsUp(parsed);
            }
            return parsed;
        }
        String again = rig.raw(earlier.envelope());
        assertEquals(earlier.answer(), again, "the same msgid gets the same answer");
        assertEquals(before, Snapshot.of(rig), "and changes nothing");
        return null;
    }

    private static void addsUp(JsonNode answer) {
        JsonNode info = answer.at("/output/setlinfo");
        assertEquals(fen(info.path("medfee_sumamt")),
                fen(info.path("hifp_pay")) + fen(info.path("acct_pay")) + fen(info.path("psn_cash_pay")),
                "the parts add up to the total: " + info);
    }

    private static ObjectNode reversal(FlowRig rig, String setlId) throws SQLException {
        return FlowRig.reversalOf(setlId, text(rig, "SELECT mdtrt_id FROM settlement WHERE setl_id = '" + setlId + "'"));
    }

    private static void check(FlowRig rig, long startBalance, Map<String, List<Long>> startAccumulators, Step after) throws SQLException {
        long balance = balance(rig);
        assertTrue(balance >= 0, "balance " + balance);
        assertEquals(startBalance - rig.scalar("SELECT coalesce(sum(acct_pay), 0) FROM settlement WHERE state = 'SETTLED'"), balance,
                "balance after " + after);
        assertEquals(accumulatorsPlusStanding(rig, startAccumulators), accumulators(rig), "accumulators after " + after);
        long settlements = rig.scalar("SELECT count(*) FROM settlement");
        long reversed = rig.scalar("SELECT count(*) FROM settlement WHERE state = 'REVERSED'");
        assertEquals(settlements + reversed, rig.outbox.stats(Lane.MESSAGES).count(), "one claim per settlement and reversal");
        assertEquals(reversed, rig.scalar("""
                SELECT count(*) FROM settlement s
                 WHERE s.state = 'REVERSED'
                   AND (SELECT count(*) FROM outbox_message m WHERE m.order_key = s.setl_id) = 2"""),
                "each reversal's claim shares its settlement's order key");
        assertEquals(0, rig.scalar("SELECT count(*) FROM settlement WHERE offline = 1 AND hifp_pay > 50000"),
                "no offline settlement pays more than 500.00 from the fund");
        assertEquals(0, rig.scalar("""
                SELECT count(*) FROM (SELECT setl_date, sum(hifp_pay) AS fund FROM settlement
                                       WHERE offline = 1 AND state = 'SETTLED' GROUP BY setl_date)
                 WHERE fund > 500000"""), "the day's offline fund payments stay within 5,000.00");
    }

    /**
     * The starting accumulators with the recorded changes of the settlements still standing added,
     * per (group, year); rows at zero left out (a reversed purchase may leave a group's row at zero).
     */
    private static Map<String, List<Long>> accumulatorsPlusStanding(FlowRig rig, Map<String, List<Long>> start)
            throws SQLException {
        Map<String, List<Long>> expected = new TreeMap<>(start);
        rig.db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                    SELECT accu_group || '/' || accu_year, sum(d_dedc_used), sum(d_fund_paid), sum(d_inscp_over_dedc)
                      FROM settlement WHERE state = 'SETTLED' GROUP BY accu_group, accu_year""")) {
                while (r.next()) {
                    List<Long> base = expected.getOrDefault(r.getString(1), List.of(0L, 0L, 0L));
                    expected.put(r.getString(1), List.of(base.get(0) + r.getLong(2), base.get(1) + r.getLong(3),
                            base.get(2) + r.getLong(4)));
                }
            }
            return null;
        });
        expected.values().removeIf(v -> v.equals(List.of(0L, 0L, 0L)));
        return expected;
    }

    /** The employee's accumulator rows by "group/year": dedc_used, fund_paid, inscp_over_dedc; rows at zero left out. */
    private static Map<String, List<Long>> accumulators(FlowRig rig) throws SQLException {
        return rig.db.read(c -> {
            Map<String, List<Long>> rows = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT accu_group || '/' || year, dedc_used, fund_paid, inscp_over_dedc FROM accumulator WHERE psn_no = '"
                            + FlowRig.PSN + "'")) {
                while (r.next()) {
                    List<Long> values = List.of(r.getLong(2), r.getLong(3), r.getLong(4));
                    if (!values.equals(List.of(0L, 0L, 0L))) {
                        rows.put(r.getString(1), values);
                    }
                }
            }
            return rows;
        });
    }

    private static List<String> standing(FlowRig rig) throws SQLException {
        return rig.db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT setl_id FROM settlement WHERE state = 'SETTLED' ORDER BY setl_id")) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        });
    }

    private static long balance(FlowRig rig) throws SQLException {
        return rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong();
    }

    private static String text(FlowRig rig, String sql) throws SQLException {
        return rig.db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getString(1);
            }
        });
    }

    private static long fen(JsonNode amount) {
        return amount.decimalValue().movePointRight(2).longValueExact();
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    /** What a refusal or a resend must leave as it was. */
    private record Snapshot(long settlements, long reversed, long balance, Map<String, List<Long>> accumulators, long claims) {
        static Snapshot of(FlowRig rig) throws SQLException {
            return new Snapshot(rig.scalar("SELECT count(*) FROM settlement"),
                    rig.scalar("SELECT count(*) FROM settlement WHERE state = 'REVERSED'"), LedgerPropertiesTest.balance(rig),
                    LedgerPropertiesTest.accumulators(rig),
                    rig.outbox.stats(Lane.MESSAGES).count());
        }
    }

    @Provide
    Arbitrary<List<Step>> days() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1_000);
        Arbitrary<Step> purchase = Combinators.combine(
                        Arbitraries.of(1L, 99L, 2_550L, 5_000L, 12_345L, 99_999L),
                        Arbitraries.integers().between(1, 9), Arbitraries.of(true, true, false))
                .as(Purchase::new);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(6, purchase),
                Tuple.of(3, pick.map(Reverse::new)),
                Tuple.of(2, pick.map(Resend::new)),
                Tuple.of(1, Arbitraries.of(1, 9, 30).map(PassHours::new)));
        return step.list().ofMinSize(10).ofMaxSize(25);
    }
}
