package org.yibao.terminal.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A 3201 request's {@code input} for the flow tests: 310 / 41 of 371500 on 2027-01-15, every host
 * total 0, reversals included ({@code refd_setl_flag} 1); each test changes what it is about.
 */
final class ReconInput {
    private final ObjectNode input = FlowRig.JSON.createObjectNode();
    private final ObjectNode data = input.putObject("data").put("insutype", "310").put("clr_type", "41")
            .put("setl_optins", "371500").put("stmt_begndate", "2027-01-15").put("stmt_enddate", "2027-01-15")
            .put("medfee_sumamt", "0").put("fund_pay_sumamt", "0").put("acct_pay", "0")
            .put("fixmedins_setl_cnt", "0").put("refd_setl_flag", "1");

    static ReconInput of() {
        return new ReconInput();
    }

    /** The host's totals, as text. */
    ReconInput totals(String medfee, String fund, String acct, String count) {
        return with("medfee_sumamt", medfee).with("fund_pay_sumamt", fund).with("acct_pay", acct)
                .with("fixmedins_setl_cnt", count);
    }

    /** From {@code first} to {@code last}, both days counted. */
    ReconInput days(String first, String last) {
        return with("stmt_begndate", first).with("stmt_enddate", last);
    }

    /** {@code field} as the text {@code value}; {@code null} leaves the field out. */
    ReconInput with(String field, String value) {
        if (value == null) data.remove(field);
        else data.put(field, value);
        return this;
    }

    ObjectNode input() {
        return input;
    }
}
