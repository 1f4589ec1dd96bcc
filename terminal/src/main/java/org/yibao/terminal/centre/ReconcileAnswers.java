package org.yibao.terminal.centre;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.yibao.outbox.wire.Topics;

/**
 * Answers {@link CentreServices#RECONCILE} requests: reads the period and filters, adds up the
 * institution's accepted claims with {@link Reconciliation}, and writes
 * {@code {"v":1,"fixmedins_code":..,"stmt_begndate":..,"stmt_enddate":..,"totals":[{"insutype","clr_type",
 * "medfee_sumamt","fund_pay_sumamt","acct_pay","psn_cash_pay" (yuan, two decimals),"fixmedins_setl_cnt","setl_ids":[..]}]}}
 * or {@code {"v":1,"error":"..."}} for a request it cannot read.
 */
public final class ReconcileAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AcceptedClaims claims;

    public ReconcileAnswers(AcceptedClaims claims) {
        this.claims = claims;
    }

    /**
     * The answer to one request body from the device {@code from}: an institution's totals are
     * its own, so a request naming another institution than the device's is answered with an
     * error; never throws on bad input.
     */
    public byte[] answer(Topics from, byte[] request) {
        JsonNode data = data(request);
        String named = data == null ? "" : data.path("fixmedins_code").asText("");
        if (!named.isBlank() && !named.equals(from.fixmedinsCode())) {
            return error("对账请求的机构编码与请求设备所属机构不符");
        }
        return answer(request);
    }

    /** The answer to one request body, whichever institution it names; never throws on bad input. */
    public byte[] answer(byte[] request) {
        JsonNode data = data(request);
        if (data == null) {
            return error("对账请求无法解析");
        }
        try {
            String fixmedins = data.path("fixmedins_code").asText("");
            LocalDate begin = LocalDate.parse(data.path("stmt_begndate").asText("").trim());
            LocalDate end = LocalDate.parse(data.path("stmt_enddate").asText("").trim());
            if (fixmedins.isBlank() || end.isBefore(begin)) {
                return error("对账请求缺少机构编码或日期区间无效");
            }
            boolean reversals = !"0".equals(data.path("refd_setl_flag").asText("1"));
            List<Reconciliation.Group> groups = Reconciliation.totals(claims.of(fixmedins), begin, end,
                    data.path("insutype").asText(""), data.path("clr_type").asText(""), reversals);
            return write(fixmedins, begin, end, groups);
        } catch (IOException | DateTimeParseException e) {
            return error("对账请求无法解析");
        } catch (SQLException e) {
            return error("中心对账数据暂不可读");
        }
    }

    /** The request's {@code data} object (or the body itself), or null when it is not one. */
    private static JsonNode data(byte[] request) {
        try {
            JsonNode q = JSON.readTree(request);
            JsonNode data = q != null && q.has("data") ? q.get("data") : q;
            return data != null && data.isObject() ? data : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] write(String fixmedins, LocalDate begin, LocalDate end, List<Reconciliation.Group> groups)
            throws IOException {
        ObjectNode answer = JSON.createObjectNode().put("v", 1).put("fixmedins_code", fixmedins)
                .put("stmt_begndate", begin.toString()).put("stmt_enddate", end.toString());
        ArrayNode totals = answer.putArray("totals");
        for (Reconciliation.Group g : groups) {
            ObjectNode row = totals.addObject().put("insutype", g.insutype()).put("clr_type", g.clrType())
                    .put("medfee_sumamt", yuan(g.medfeeSumamt())).put("fund_pay_sumamt", yuan(g.fundPaySumamt()))
                    .put("acct_pay", yuan(g.acctPay())).put("psn_cash_pay", yuan(g.psnCashPay()))
                    .put("fixmedins_setl_cnt", g.settlementCount());
            ArrayNode ids = row.putArray("setl_ids");
            g.setlIds().forEach(ids::add);
        }
        return JSON.writeValueAsBytes(answer);
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    private static byte[] error(String message) {
        try {
            return JSON.writeValueAsBytes(JSON.createObjectNode().put("v", 1).put("error", message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
