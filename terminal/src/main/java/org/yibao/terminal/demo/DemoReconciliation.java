package org.yibao.terminal.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.centre.CentreServices;
import org.yibao.terminal.store.settlement.StoredSettlement;

/**
 * The demo's second check after 3201: the terminal's settlements of the day against the
 * reference centre's {@code reconcile} answer over MQTT, per insutype × clr_type, to the fen,
 * counted as 3201 counts them with reversals included (a reversed settlement is two entries
 * whose amounts cancel).
 */
final class DemoReconciliation {

    record Result(boolean balanced, List<String> lines) {
    }

    private record Totals(long medfee, long fund, long acct, long count) {
        Totals plus(Totals o) {
            return new Totals(medfee + o.medfee, fund + o.fund, acct + o.acct, count + o.count);
        }

        String show() {
            return "总额 " + BigDecimal.valueOf(medfee, 2) + " 统筹 " + BigDecimal.valueOf(fund, 2) + " 账户 "
                    + BigDecimal.valueOf(acct, 2) + " 笔数 " + count;
        }
    }

    private DemoReconciliation() {
    }

    static Result compare(TerminalApp app, LocalDate day, ObjectMapper json) throws SQLException, IOException {
        Map<String, Totals> local = new TreeMap<>();
        for (StoredSettlement s : app.flows().settlements().between(day, day)) {
            Totals t = s.state() == StoredSettlement.State.SETTLED
                    ? new Totals(s.medfeeSumamt(), s.fundPaySumamt(), s.acctPay(), 1) : new Totals(0, 0, 0, 2);
            local.merge(s.insutype() + "/" + s.clrType(), t, Totals::plus);
        }
        byte[] body = json.writeValueAsBytes(json.createObjectNode().put("fixmedins_code", DemoSystem.FIXMEDINS_CODE)
                .put("stmt_begndate", day.toString()).put("stmt_enddate", day.toString()).put("refd_setl_flag", "1"));
        Optional<byte[]> answer = app.ask(CentreServices.RECONCILE, body, Duration.ofSeconds(10));
        if (answer.isEmpty()) return new Result(false, List.of("中心未答复对账请求"));
        Map<String, Totals> centre = new TreeMap<>();
        for (JsonNode g : json.readTree(new String(answer.get(), StandardCharsets.UTF_8)).path("totals")) {
            centre.put(g.path("insutype").asText() + "/" + g.path("clr_type").asText(), new Totals(fen(g, "medfee_sumamt"),
                    fen(g, "fund_pay_sumamt"), fen(g, "acct_pay"), g.path("fixmedins_setl_cnt").asLong()));
        }
        List<String> lines = new ArrayList<>();
        boolean balanced = true;
        Map<String, Totals> keys = new TreeMap<>(local);
        centre.forEach(keys::putIfAbsent);
        for (String key : keys.keySet()) {
            Totals mine = local.getOrDefault(key, new Totals(0, 0, 0, 0));
            Totals theirs = centre.getOrDefault(key, new Totals(0, 0, 0, 0));
            boolean same = mine.equals(theirs);
            balanced &= same;
            lines.add(key + "  本机 " + mine.show() + "  中心 " + theirs.show() + "  " + (same ? "平衡" : "不平"));
        }
        return new Result(balanced, lines);
    }

    private static long fen(JsonNode node, String field) {
        return new BigDecimal(node.path(field).asText("0")).movePointRight(2).longValueExact();
    }
}
