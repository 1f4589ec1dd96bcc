package org.yibao.terminal.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yibao.terminal.domain.RefusedException;

/**
 * Reading 3201's {@code input.data}: the host's totals for a period, net of reversals (so they
 * may be negative), its count of settlements (never negative), the period and the filters; one
 * precise refusal per kind of bad field, naming {@code input.data.x}.
 */
class ReconRequestJsonTest {
    private static final String PERIOD = "\"stmt_begndate\":\"2026-03-01\",\"stmt_enddate\":\"2026-03-31\"";

    static ReconRequest parse(String dataMembers) {
        return ReconRequestJson.parseInput(Json.parse("{\"data\":{" + dataMembers + "}}", "t"));
    }

    static RefusedException refusal(String dataMembers) {
        return assertThrows(RefusedException.class, () -> parse(dataMembers));
    }

    @Test void readsEveryField() {
        ReconRequest r = parse(PERIOD + ",\"insutype\":\"310\",\"clr_type\":\"41\",\"setl_optins\":\"371500\","
                + "\"medfee_sumamt\":\"1234.50\",\"fund_pay_sumamt\":800,\"acct_pay\":100.05,"
                + "\"fixmedins_setl_cnt\":\"12\",\"refd_setl_flag\":\"0\"");
        assertEquals(new ReconRequest("310", "41", "371500", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31),
                123450, 80000, 10005, 12, false), r);
    }

    /** The spec: empty numbers are 0, empty codes are "" (all insutypes, all clr_types), refd_setl_flag empty = with reversals. */
    @Test void emptyOrAbsentFieldsAreZeroAllAndWithReversals() {
        ReconRequest r = parse(PERIOD + ",\"insutype\":\"\",\"medfee_sumamt\":\"\",\"fund_pay_sumamt\":null,"
                + "\"fixmedins_setl_cnt\":\"\",\"refd_setl_flag\":\"\"");
        assertEquals(new ReconRequest("", "", "", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), 0, 0, 0, 0,
                true), r);
        assertTrue(parse(PERIOD + ",\"refd_setl_flag\":\"1\"").withReversals());
        assertTrue(parse(PERIOD + ",\"refd_setl_flag\":1").withReversals());
        assertFalse(parse(PERIOD + ",\"refd_setl_flag\":0").withReversals());
    }

    /** A period whose reversals outweigh its settlements has negative net totals: they are read, not refused. */
    @Test void totalsMayBeNegative() {
        ReconRequest r = parse(PERIOD + ",\"medfee_sumamt\":\"-12.30\",\"fund_pay_sumamt\":-0.01,\"acct_pay\":-99999999999.99");
        assertEquals(-1230, r.medfeeSumamt());
        assertEquals(-1, r.fundPaySumamt());
        assertEquals(-9_999_999_999_999L, r.acctPay(), "the largest amount, negative, is in range");
    }

    @Test void aCountIsAWholeNumberUpToTheLimit() {
        assertEquals(2, parse(PERIOD + ",\"fixmedins_setl_cnt\":\"2.0\"").count(), "2.0 is the whole number 2");
        assertEquals(2, parse(PERIOD + ",\"fixmedins_setl_cnt\":2.00").count());
        assertEquals(0, parse(PERIOD + ",\"fixmedins_setl_cnt\":0").count());
        assertEquals(ReconRequestJson.MAX_COUNT,
                parse(PERIOD + ",\"fixmedins_setl_cnt\":" + ReconRequestJson.MAX_COUNT).count());
        assertThrows(IllegalArgumentException.class, () -> new ReconRequest("", "", "", LocalDate.of(2026, 3, 1),
                LocalDate.of(2026, 3, 1), 0, 0, 0, -1, true), "a negative count never reaches the flow");
        assertEquals(0, new ReconRequest(null, null, null, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 1), 0, 0, 0, 0,
                true).count());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "\"fixmedins_setl_cnt\":-1          | 1024 | input.data.fixmedins_setl_cnt = -1",
        "\"fixmedins_setl_cnt\":\"-3\"      | 1024 | input.data.fixmedins_setl_cnt = -3",
        "\"fixmedins_setl_cnt\":1.5         | 1022 | input.data.fixmedins_setl_cnt 应为整数：1.5",
        "\"fixmedins_setl_cnt\":\"x\"       | 1022 | input.data.fixmedins_setl_cnt 应为数字",
        "\"fixmedins_setl_cnt\":true        | 1022 | input.data.fixmedins_setl_cnt 应为数字",
        "\"fixmedins_setl_cnt\":1000000000  | 1030 | input.data.fixmedins_setl_cnt 应为 0 到 999999999：1000000000",
        "\"medfee_sumamt\":\"1.234\"        | 1023 | input.data.medfee_sumamt 最多2位小数：1.234",
        "\"acct_pay\":-1.001                | 1023 | input.data.acct_pay 最多2位小数：-1.001",
        "\"fund_pay_sumamt\":100000000000   | 1030 | input.data.fund_pay_sumamt",
        "\"fund_pay_sumamt\":-100000000000  | 1030 | input.data.fund_pay_sumamt",
        "\"medfee_sumamt\":[]               | 1022 | input.data.medfee_sumamt 应为数字",
        "\"insutype\":\"31\"                | 1028 | input.data.insutype 应为3位数字的险种代码：31",
        "\"insutype\":\"3100\"              | 1028 | input.data.insutype 应为3位数字的险种代码：3100",
        "\"insutype\":\"ABC\"               | 1028 | input.data.insutype 应为3位数字的险种代码：ABC",
        "\"clr_type\":\"12\"                | 1028 | input.data.clr_type 应为 11、41 或 99：12",
        "\"refd_setl_flag\":\"2\"           | 1028 | input.data.refd_setl_flag 应为 0 或 1：2",
        "\"stmt_begndate\":\"2026-02-30\"   | 1027 | input.data.stmt_begndate 应为 yyyy-MM-dd：2026-02-30"})
    void refusesABadFieldNamingIt(String member, String code, String detail) {
        String members = member.startsWith("\"stmt_begndate\"")
                ? member + ",\"stmt_enddate\":\"2026-03-31\"" : PERIOD + "," + member;
        RefusedException e = refusal(members);
        assertEquals(code, e.refusal().reason().code(), e.refusal().errMsg());
        assertEquals(detail, e.refusal().detail());
    }

    @Test void thePeriodIsRequired() {
        assertEquals("input.data.stmt_begndate", refusal("\"stmt_enddate\":\"2026-03-31\"").refusal().detail());
        RefusedException empty = refusal("\"stmt_begndate\":\"2026-03-01\",\"stmt_enddate\":\"\"");
        assertEquals("1021", empty.refusal().reason().code());
        assertEquals("input.data.stmt_enddate", empty.refusal().detail());
    }

    @Test void dataAndInputMustBeObjects() {
        RefusedException noData = assertThrows(RefusedException.class,
                () -> ReconRequestJson.parseInput(Json.parse("{}", "t")));
        assertEquals("1021", noData.refusal().reason().code());
        assertEquals("input.data", noData.refusal().detail());
        RefusedException notInput = assertThrows(RefusedException.class,
                () -> ReconRequestJson.parseInput(Json.parse("[]", "t")));
        assertEquals("1022", notInput.refusal().reason().code());
        assertEquals("input 应为对象", notInput.refusal().detail());
    }
}
