package org.yibao.terminal.domain.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.yibao.terminal.domain.settlement.Fixtures.DATE;
import static org.yibao.terminal.domain.settlement.Fixtures.JIA;
import static org.yibao.terminal.domain.settlement.Fixtures.YI;
import static org.yibao.terminal.domain.settlement.Fixtures.accu;
import static org.yibao.terminal.domain.settlement.Fixtures.employee;
import static org.yibao.terminal.domain.settlement.Fixtures.fen;
import static org.yibao.terminal.domain.settlement.Fixtures.line;
import static org.yibao.terminal.domain.settlement.Fixtures.person;

import java.math.BigDecimal;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * Corners of the spec's "Settlement arithmetic" checked against an independent Python
 * {@code decimal} reference written from the spec alone (review-specpc): HALF_UP at exactly
 * .005 per component, pool_prop_selfpay HALF_UP at exactly the fifth decimal, a purchase that
 * crosses two segment bounds with a non-zero inscp_over_dedc and part of the deductible left,
 * and crt_payb_lmt_amt one fen below the annual cap. Each expected figure is worked out above it.
 */
class SpecArithmeticCornersTest {
    private final Settler settler = new Settler(Fixtures.examplePolicy(), Fixtures.catalog(),
            Fixtures.codeMap(), "pharmacy");

    private static Settlement ok(Outcome<Settlement> o) {
        if (o instanceof Outcome.Ok<Settlement> ok) return ok.value();
        return fail("refused: " + o);
    }

    private static void yuan(String expected, long fen) {
        assertEquals(expected, Fen.format(fen));
    }

    private static Settler with(String from, String to) {
        String yaml = Fixtures.resource("/examples/policy.yaml");
        if (!yaml.contains(from)) throw new IllegalStateException("example policy changed: " + from);
        Policy p = PolicyLoader.parse(yaml.replace(from, to), "corner.yaml");
        return new Settler(p, Fixtures.catalog(), Fixtures.codeMap(), "pharmacy");
    }

    @Test
    void preselfpayAtExactlyHalfAFenRoundsUp() {
        // 乙类 0.10 (310): 0.05 × 0.10 = 0.005 -> 0.01; inscp 0.04.
        Settlement s = ok(settler.settle(employee(false, line(YI, "0.05", "1", "0.05")),
                person("310", "11", "0", accu("outpatient", "200.00", "0", "0")), DATE));
        yuan("0.01", s.lines().getFirst().preselfpay());
        yuan("0.04", s.lines().getFirst().inscp());
    }

    @Test
    void segmentPayAtExactlyHalfAFenRoundsUp() {
        // base 0.05 in [0, 2000) at 0.70: raw 0.035 -> 0.04; pool_selfpay 0.01; pool_prop 0.8000.
        Settlement s = ok(settler.settle(employee(false, line(JIA, "0.05", "1", "0.05")),
                person("310", "11", "0", accu("outpatient", "200.00", "0", "0")), DATE));
        yuan("0.04", s.totals().hifpPay());
        yuan("0.01", s.totals().poolSelfpay());
        assertEquals(new BigDecimal("0.8000"), s.totals().poolPropSelfpay());
    }

    @Test
    void poolPropSelfpayAtExactlyTheFifthDecimalRoundsUp() {
        // visit_cap 24.69: base 200.00 -> pay 140.00 capped at 24.69; 24.69 / 200 = 0.12345 -> 0.1235.
        Settler s2 = with("visit_cap: null", "visit_cap: 24.69");
        Settlement s = ok(s2.settle(employee(false, line(JIA, "200.00", "1", "200.00")),
                person("310", "11", "0", accu("outpatient", "200.00", "0", "0")), DATE));
        yuan("24.69", s.totals().hifpPay());
        yuan("175.31", s.totals().poolSelfpay());
        assertEquals(new BigDecimal("0.1235"), s.totals().poolPropSelfpay());
    }

    @Test
    void purchaseCrossingTwoBoundsWithDeductiblePartlyUsed() {
        // Segments [0,2000) 0.70, [2000,2100.50) 0.60, [2100.50,∞) 0.333; dedc_used 190 of 200,
        // inscp_over_dedc 1999.99. Line 333.33: act_pay_dedc 10.00, base 323.33 on [1999.99, 2323.32):
        // 0.01 × 0.70 + 100.50 × 0.60 + 222.82 × 0.333 = 0.007 + 60.30 + 74.19906 = 134.50606 -> 134.51.
        // pool_selfpay 188.82; pool_prop 134.51 / 323.33 = 0.41601… -> 0.4160.
        Settler s2 = with("      - {upto: null,   ratio: 0.60}",
                "      - {upto: 2100.50, ratio: 0.60}\n      - {upto: null, ratio: 0.333}");
        Settlement s = ok(s2.settle(employee(false, line(JIA, "333.33", "1", "333.33")),
                person("310", "11", "0", accu("outpatient", "190.00", "0", "1999.99")), DATE));
        yuan("10.00", s.totals().actPayDedc());
        yuan("134.51", s.totals().hifpPay());
        yuan("188.82", s.totals().poolSelfpay());
        assertEquals(new BigDecimal("0.4160"), s.totals().poolPropSelfpay());
        yuan("198.82", s.totals().psnPartAmt());
        yuan("323.33", s.delta().inscpOverDedc());
    }

    @Test
    void annualCapOneFenAwayPaysOneFenAndReportsIt() {
        // fund_paid 2999.99 of 3000.00: pay 100 × 0.60 = 60.00 -> capped at 0.01; crt_payb_lmt_amt 0.01;
        // pool_prop 0.01 / 100 = 0.0001; the account (all parts) pays the other 99.99.
        Settlement s = ok(settler.settle(employee(true, line(JIA, "100.00", "1", "100.00")),
                person("310", "11", "1000.00", accu("outpatient", "200.00", "2999.99", "2100.00")), DATE));
        yuan("0.01", s.totals().hifpPay());
        assertEquals(new BigDecimal("0.0001"), s.totals().poolPropSelfpay());
        assertEquals(OptionalLong.of(fen("0.01")), s.details().getFirst().crtPaybLmtAmt());
        yuan("99.99", s.totals().acctPay());
        yuan("0.00", s.totals().psnCashPay());
        yuan("900.01", s.totals().balc());
    }
}
