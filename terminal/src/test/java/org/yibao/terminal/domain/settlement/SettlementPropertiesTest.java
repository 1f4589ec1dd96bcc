package org.yibao.terminal.domain.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.policy.Benefit;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.Rule;
import org.yibao.terminal.domain.policy.RuleBenefits;
import org.yibao.terminal.domain.policy.Segment;

/**
 * Properties of the settlement arithmetic over random purchases, persons and accumulators under
 * the spec's example policy: the identities, non-negativity, caps, an independent BigDecimal
 * re-computation of the pooled fund, and exact reversal of the accumulator delta.
 */
class SettlementPropertiesTest {
    private static final Policy POLICY = Fixtures.examplePolicy();
    private static final Settler SETTLER = new Settler(POLICY, Fixtures.catalog(), Fixtures.codeMap(), "pharmacy");
    private static final String[] CODES = {Fixtures.JIA, Fixtures.JIA_CAP, Fixtures.YI, Fixtures.YI_CAP,
            Fixtures.BING, Fixtures.ENDED, "", ""};
    private static final String[] LOCAL = {"", "", "", "", "", "", "L-JIA", "L-NOWHERE"};

    /** Who settles: insutype, psn_type, med_type, dise_codg. */
    record Who(String insutype, String psnType, String medType, String dise) {
    }

    record Case(Who who, List<PurchaseLine> lines, Accumulators ytd, long balance, boolean useAccount) {
        Purchase purchase() {
            return new Purchase("P1", who.insutype(), who.psnType(), who.medType(), who.dise(), useAccount,
                    OptionalLong.empty(), lines);
        }

        PersonSnapshot person() {
            String group = who.dise().isEmpty() ? "outpatient" : "chronic:" + who.dise();
            return new PersonSnapshot("P1", "张三", "", List.of(new PersonSnapshot.Insurance(who.insutype(),
                    who.psnType(), balance, "")), List.of(new PersonSnapshot.YearAccumulators(2026, group, ytd)),
                    List.of(new PersonSnapshot.OpspApproval("M03900", "高血压", LocalDate.of(2026, 1, 1), null)),
                    false);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Who> who = Arbitraries.of(new Who("310", "11", "41", ""), new Who("310", "12", "41", ""),
                new Who("310", "12", "11", ""), new Who("390", "21", "41", ""), new Who("390", "21", "11", ""),
                new Who("310", "11", "14", "M03900"), new Who("390", "21", "14", "M03900"));
        Arbitrary<PurchaseLine> line = Combinators.combine(Arbitraries.integers().between(0, CODES.length - 1),
                Arbitraries.longs().between(0, 400_000_000L), Arbitraries.longs().between(1, 500_000L),
                Arbitraries.integers().between(1, 999_999)).as((i, pricMicros, cntTenThousandths, sn) -> {
                    BigDecimal pric = BigDecimal.valueOf(pricMicros, 6);
                    BigDecimal cnt = BigDecimal.valueOf(cntTenThousandths, 4);
                    return new PurchaseLine(String.valueOf(sn), CODES[i], LOCAL[i],
                            Fen.roundYuan(pric.multiply(cnt)), pric, cnt);
                });
        Arbitrary<Accumulators> ytd = Combinators.combine(Arbitraries.longs().between(0, 40_000),
                Arbitraries.longs().between(0, 600_000), Arbitraries.longs().between(0, 1_000_000))
                .as(Accumulators::new);
        return Combinators.combine(who, line.list().ofMinSize(1).ofMaxSize(8), ytd,
                Arbitraries.longs().between(0, 300_000), Arbitraries.of(true, false)).as(Case::new);
    }

    private static Settlement settle(Case c) {
        Outcome<Settlement> o = SETTLER.settle(c.purchase(), c.person(), Fixtures.DATE);
        if (o instanceof Outcome.Ok<Settlement> ok) return ok.value();
        throw new AssertionError("refused: " + o);
    }

    private static Benefit benefit(Settlement s) {
        Rule rule = POLICY.rules().stream().filter(r -> r.id().equals(s.ruleId())).findFirst().orElseThrow();
        return switch (rule.benefits()) {
            case RuleBenefits.Flat f -> f.benefit();
            case RuleBenefits.PerDisease d -> d.forDisease(s.diseCodg()).orElseThrow();
        };
    }

    @Property(tries = 400)
    void identitiesHoldAndNothingIsNegative(@ForAll("cases") Case c) {
        Settlement s = settle(c);
        SettlementTotals t = s.totals();
        for (LineSplit l : s.lines()) {
            assertEquals(l.line().amount(), l.fulamtOwnpay() + l.overlmt() + l.preselfpay() + l.inscp());
            assertTrue(l.fulamtOwnpay() >= 0 && l.overlmt() >= 0 && l.preselfpay() >= 0 && l.inscp() >= 0);
        }
        assertEquals(t.medfeeSumamt(), t.fundPaySumamt() + t.psnPartAmt() + t.hospPartAmt());
        assertEquals(t.psnPartAmt(), t.acctPay() + t.psnCashPay());
        assertEquals(t.psnPartAmt(), t.fulamtOwnpayAmt() + t.overlmtSelfpay() + t.preselfpayAmt() + t.actPayDedc()
                + t.poolSelfpay());
        assertEquals(t.medfeeSumamt(), s.lines().stream().mapToLong(l -> l.line().amount()).sum());
        for (long v : new long[] {t.actPayDedc(), t.hifpPay(), t.poolSelfpay(), t.acctPay(), t.psnCashPay(), t.balc()}) {
            assertTrue(v >= 0, "negative component in " + t);
        }
        s.details().forEach(d -> assertTrue(d.fundPayamt() > 0, "setldetail only non-zero payments"));
    }

    @Property(tries = 400)
    void capsDeductibleAndBalanceAreNeverExceeded(@ForAll("cases") Case c) {
        Settlement s = settle(c);
        SettlementTotals t = s.totals();
        Benefit b = benefit(s);
        assertTrue(t.actPayDedc() <= Math.max(0, b.deductible() - c.ytd().dedcUsed()));
        assertTrue(t.hifpPay() <= t.pool().base());
        b.annualCap().ifPresent(cap -> assertTrue(t.hifpPay() <= Math.max(0, cap - c.ytd().fundPaid())));
        b.visitCap().ifPresent(cap -> assertTrue(t.hifpPay() <= cap));
        assertTrue(t.acctPay() <= c.balance());
        assertEquals(c.balance() - t.acctPay(), t.balc());
        if (!c.useAccount()) assertEquals(0, t.acctPay());
    }

    @Property(tries = 400)
    void poolMatchesAnIndependentDecimalComputation(@ForAll("cases") Case c) {
        Settlement s = settle(c);
        Benefit b = benefit(s);
        SettlementTotals t = s.totals();
        // Re-derive in yuan with BigDecimal, straight from the spec's wording.
        BigDecimal inscp = Fen.toYuan(t.inscpScpAmt());
        BigDecimal remaining = Fen.toYuan(b.deductible()).subtract(Fen.toYuan(c.ytd().dedcUsed())).max(BigDecimal.ZERO);
        BigDecimal dedc = inscp.min(remaining);
        BigDecimal base = inscp.subtract(dedc);
        BigDecimal from = Fen.toYuan(c.ytd().inscpOverDedc());
        BigDecimal to = from.add(base);
        BigDecimal lower = BigDecimal.ZERO;
        BigDecimal raw = BigDecimal.ZERO;
        for (Segment seg : b.segments()) {
            BigDecimal upper = seg.upto().isPresent() ? Fen.toYuan(seg.upto().getAsLong()) : to.max(from).add(BigDecimal.ONE);
            BigDecimal piece = to.min(upper).subtract(from.max(lower)).max(BigDecimal.ZERO);
            raw = raw.add(piece.multiply(seg.ratio().toBigDecimal()));
            lower = upper;
        }
        BigDecimal pay = raw.setScale(2, RoundingMode.HALF_UP);
        if (b.annualCap().isPresent()) {
            pay = pay.min(Fen.toYuan(b.annualCap().getAsLong()).subtract(Fen.toYuan(c.ytd().fundPaid())).max(BigDecimal.ZERO));
        }
        if (b.visitCap().isPresent()) pay = pay.min(Fen.toYuan(b.visitCap().getAsLong()));
        sameValue(dedc, Fen.toYuan(t.actPayDedc()));
        sameValue(pay, Fen.toYuan(t.hifpPay()));
        BigDecimal prop = base.signum() == 0 ? BigDecimal.ZERO.setScale(4) : pay.divide(base, 4, RoundingMode.HALF_UP);
        assertEquals(prop, t.poolPropSelfpay());
    }

    private static void sameValue(BigDecimal expected, BigDecimal actual) {
        assertEquals(0, expected.compareTo(actual), () -> "expected " + expected + " but was " + actual);
    }

    @Property(tries = 300)
    void reversalRestoresEveryAccumulatorExactly(@ForAll("cases") Case c) {
        Settlement s = settle(c);
        AccumulatorDelta d = s.delta();
        Accumulators after = c.ytd().plus(d);
        assertEquals(c.ytd().dedcUsed() + s.totals().actPayDedc(), after.dedcUsed());
        assertEquals(c.ytd().fundPaid() + s.totals().hifpPay(), after.fundPaid());
        assertEquals(c.ytd().inscpOverDedc() + s.totals().pool().base(), after.inscpOverDedc());
        assertEquals(c.ytd(), after.minus(d));
        long balanceAfter = d.balanceAfter(c.balance());
        assertEquals(s.totals().balc(), balanceAfter);
        assertEquals(c.balance(), d.balanceReversed(balanceAfter));
    }

    @Property(tries = 150)
    void successiveSettlementsNeverPassTheAnnualCapOrTheDeductible(@ForAll("cases") Case first,
                                                                    @ForAll("cases") Case second) {
        Case a = new Case(first.who(), first.lines(), Accumulators.ZERO, first.balance(), first.useAccount());
        Settlement s1 = settle(a);
        Case b = new Case(first.who(), second.lines(), Accumulators.ZERO.plus(s1.delta()),
                s1.totals().balc(), second.useAccount());
        Settlement s2 = settle(b);
        Accumulators end = b.ytd().plus(s2.delta());
        Benefit benefit = benefit(s1);
        benefit.annualCap().ifPresent(cap -> assertTrue(end.fundPaid() <= cap, "fund paid " + end.fundPaid()));
        assertTrue(end.dedcUsed() <= benefit.deductible());
        assertTrue(s2.totals().balc() >= 0);
        List<Settlement> both = new ArrayList<>(List.of(s1, s2));
        assertEquals(first.balance() - both.stream().mapToLong(x -> x.totals().acctPay()).sum(), s2.totals().balc());
    }
}
