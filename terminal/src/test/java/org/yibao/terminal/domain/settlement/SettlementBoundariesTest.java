package org.yibao.terminal.domain.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.domain.settlement.Fixtures.BING;
import static org.yibao.terminal.domain.settlement.Fixtures.DATE;
import static org.yibao.terminal.domain.settlement.Fixtures.JIA;
import static org.yibao.terminal.domain.settlement.Fixtures.accu;
import static org.yibao.terminal.domain.settlement.Fixtures.employee;
import static org.yibao.terminal.domain.settlement.Fixtures.fen;
import static org.yibao.terminal.domain.settlement.Fixtures.line;
import static org.yibao.terminal.domain.settlement.Fixtures.person;
import static org.yibao.terminal.domain.settlement.SettlerTest.ok;
import static org.yibao.terminal.domain.settlement.SettlerTest.refused;
import static org.yibao.terminal.domain.settlement.SettlerTest.yuan;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.policy.FundPayType;

/**
 * The edges of the settlement's own checks: the largest amount accepted, a declared total that
 * agrees, psn_no, a 乙类 ratio of exactly 1, and the setldetail row invariant.
 */
class SettlementBoundariesTest {
    private final Settler settler = new Settler(Fixtures.examplePolicy(), Fixtures.catalog(),
            Fixtures.codeMap(), "pharmacy");

    @Test
    void aLineOfExactlyTheLargestAmountIsSettled() {
        // Fen.MAX = 99 999 999 999.99 yuan is accepted "anywhere"; one fen more is 1311.
        Settlement s = ok(settler.settle(employee(false, line(BING, "99999999999.99", "1", "99999999999.99")),
                person("310", "11", "0"), DATE));
        assertEquals(Fen.MAX, s.totals().medfeeSumamt());
        refused(settler.settle(employee(false, line(BING, "100000000000.00", "1", "100000000000.00")),
                person("310", "11", "0"), DATE), "1311");
        // the line's amount is round(pric×cnt), so a product just under half a fen above it stands; half a fen is one fen more
        assertEquals(Fen.MAX, ok(settler.settle(employee(false, line(BING, "99999999999.994", "1", "99999999999.99")),
                person("310", "11", "0"), DATE)).totals().medfeeSumamt());
        refused(settler.settle(employee(false, line(BING, "99999999999.995", "1", "100000000000.00")),
                person("310", "11", "0"), DATE), "1311");
    }

    @Test
    void aTotalOfExactlyTheLargestAmountIsSettled() {
        Settlement s = ok(settler.settle(employee(false, line(BING, "99999999999.98", "1", "99999999999.98"),
                line(BING, "0.01", "1", "0.01")), person("310", "11", "0"), DATE));
        assertEquals(Fen.MAX, s.totals().medfeeSumamt());
        assertEquals("medfee_sumamt", refused(settler.settle(employee(false,
                line(BING, "99999999999.99", "1", "99999999999.99"), line(BING, "0.01", "1", "0.01")),
                person("310", "11", "0"), DATE), "1311").detail());
    }

    @Test
    void aPurchaseWithoutLinesIsRefused() {
        refused(settler.settle(employee(false), person("310", "11", "0"), DATE), "1310");
    }

    @Test
    void aDeclaredTotalEqualToTheLinesIsSettled() {
        // The existing test only shows a wrong total refused; the right one must go through.
        Purchase p = new Purchase("P1", "310", "11", "41", "", false, OptionalLong.of(fen("15.50")),
                List.of(line(JIA, "10.00", "1", "10.00"), line(BING, "5.50", "1", "5.50")));
        yuan("15.50", ok(settler.settle(p, person("310", "11", "0"), DATE)).totals().medfeeSumamt());
    }

    @Test
    void aPurchaseForAnotherPsnNoIsRefused() {
        PurchaseLine l = line(JIA, "1.00", "1", "1.00");
        Purchase forP2 = new Purchase("P2", "310", "11", "41", "", false, OptionalLong.empty(), List.of(l));
        assertEquals("psn_no", refused(settler.settle(forP2, person("310", "11", "0"), DATE), "1309").detail());
        // Either side without a psn_no is not a contradiction.
        Purchase noPsnNo = new Purchase("", "310", "11", "41", "", false, OptionalLong.empty(), List.of(l));
        ok(settler.settle(noPsnNo, person("310", "11", "0"), DATE));
        PersonSnapshot anonymous = new PersonSnapshot("", "", "",
                List.of(new PersonSnapshot.Insurance("310", "11", 0, "371500")), List.of(), List.of(), true);
        ok(settler.settle(forP2, anonymous, DATE));
    }

    @Test
    void aClassBRatioOfExactlyOneIsAValidCatalogueRow() {
        // selfpay_prop may be anything in [0, 1]; at 1 the whole (amount - overlmt) is preselfpay.
        CatalogEntry all = new CatalogEntry("XB1", "XB1", "101", ChargeLevel.B, "09", BigDecimal.ONE,
                BigDecimal.ONE, null, false, LocalDate.of(2024, 1, 1), null, "cat-7");
        Catalog catalog = new Fixtures.ListCatalog(List.of(all));
        Settlement s = ok(new Settler(Fixtures.examplePolicy(), catalog, Fixtures.codeMap(), "pharmacy")
                .settle(employee(false, line("XB1", "4.00", "1", "4.00")), person("310", "11", "0"), DATE));
        yuan("4.00", s.lines().getFirst().preselfpay());
        yuan("0.00", s.lines().getFirst().inscp());
        CatalogEntry above = new CatalogEntry("XB2", "XB2", "101", ChargeLevel.B, "09", new BigDecimal("1.0001"),
                BigDecimal.ONE, null, false, LocalDate.of(2024, 1, 1), null, "cat-7");
        refused(new Settler(Fixtures.examplePolicy(), new Fixtures.ListCatalog(List.of(above)), Fixtures.codeMap(),
                "pharmacy").settle(employee(false, line("XB2", "4.00", "1", "4.00")), person("310", "11", "0"), DATE),
                "1312");
    }

    @Test
    void aZeroPricedOrZeroCountLineIsSettledWithEveryPartZero() {
        // Only negative values are refused: a free item or a zero count is a line of 0.00.
        Settlement s = ok(settler.settle(employee(false, line(JIA, "0", "2", "0.00"), line(JIA, "5.00", "0", "0.00")),
                person("310", "11", "0", accu("outpatient", "200.00", "0", "0")), DATE));
        yuan("0.00", s.totals().medfeeSumamt());
        assertTrue(s.details().isEmpty());
    }

    @Test
    void aSetldetailRowIsANonZeroPayment() {
        // "one row per non-zero payment": a zero row is a bug, not a row.
        assertThrows(IllegalArgumentException.class, () -> new FundDetail(
                FundPayType.EMPLOYEE_POOL, 100, OptionalLong.empty(), 0, ""));
        assertEquals(1, new FundDetail(FundPayType.EMPLOYEE_POOL, 100, OptionalLong.empty(), 1, "").fundPayamt());
    }
}
