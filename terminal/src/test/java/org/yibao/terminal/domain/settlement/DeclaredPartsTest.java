package org.yibao.terminal.domain.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.yibao.terminal.domain.settlement.Fixtures.BING;
import static org.yibao.terminal.domain.settlement.Fixtures.DATE;
import static org.yibao.terminal.domain.settlement.Fixtures.YI_CAP;
import static org.yibao.terminal.domain.settlement.Fixtures.employee;
import static org.yibao.terminal.domain.settlement.Fixtures.fen;
import static org.yibao.terminal.domain.settlement.Fixtures.line;
import static org.yibao.terminal.domain.settlement.Fixtures.person;
import static org.yibao.terminal.domain.settlement.SettlerTest.ok;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.Refusal;

/** 2207's declared split against the split computed now: equal passes, any difference is 1313. */
class DeclaredPartsTest {
    // 丙类 10.00 -> fulamt 10.00; 乙类 cap 2.50 at 3.00 × 2: overlmt 1.00, preselfpay 5.00 × 0.05 = 0.25,
    // inscp 4.75.
    private final SettlementTotals computed = ok(new Settler(Fixtures.examplePolicy(), Fixtures.catalog(),
            Fixtures.codeMap(), "pharmacy").settle(employee(false, line(BING, "10.00", "1", "10.00"),
            line(YI_CAP, "3.00", "2", "6.00")), person("310", "11", "0"), DATE)).totals();

    private static DeclaredParts declared(String fulamt, String overlmt, String preselfpay, String inscp) {
        return new DeclaredParts(part(fulamt), part(overlmt), part(preselfpay), part(inscp));
    }

    private static OptionalLong part(String yuan) {
        return yuan == null ? OptionalLong.empty() : OptionalLong.of(fen(yuan));
    }

    @Test
    void nothingOrTheSameSplitDeclaredPasses() {
        assertEquals(Optional.empty(), DeclaredParts.NONE.check(computed));
        assertEquals(Optional.empty(), declared("10.00", "1.00", "0.25", "4.75").check(computed));
        assertEquals(Optional.empty(), declared(null, "1.00", null, "4.75").check(computed));
    }

    @Test
    void eachDifferingPartIsRefusedByName() {
        assertEquals(Optional.of("fulamt_ownpay_amt 申报 10.01，本次计算 10.00"),
                declared("10.01", "1.00", "0.25", "4.75").check(computed).map(Refusal::detail));
        assertEquals(Optional.of("overlmt_selfpay 申报 0.00，本次计算 1.00"),
                declared("10.00", "0.00", "0.25", "4.75").check(computed).map(Refusal::detail));
        assertEquals(Optional.of("preselfpay_amt 申报 0.26，本次计算 0.25"),
                declared("10.00", "1.00", "0.26", "4.75").check(computed).map(Refusal::detail));
        assertEquals(Optional.of("inscp_scp_amt 申报 4.74，本次计算 4.75"),
                declared("10.00", "1.00", "0.25", "4.74").check(computed).map(Refusal::detail));
        assertEquals(Optional.of("1313"), declared(null, null, null, "0").check(computed)
                .map(r -> r.reason().code()));
    }

    @Test
    void theFirstDifferingPartIsNamed() {
        assertEquals(Optional.of("overlmt_selfpay 申报 9.00，本次计算 1.00"),
                declared("10.00", "9.00", "9.00", "9.00").check(computed).map(Refusal::detail));
    }
}
