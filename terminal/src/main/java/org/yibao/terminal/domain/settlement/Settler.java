package org.yibao.terminal.domain.settlement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.policy.AccountRule;
import org.yibao.terminal.domain.policy.Benefit;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.Rule;
import org.yibao.terminal.domain.policy.RuleBenefits;
import org.yibao.terminal.domain.policy.RuleKey;

/**
 * Computes a settlement (2101/2102) from a purchase, the identified person, the policy, the
 * catalogue and the 对照 map, exactly as spec/national-interface.md "Settlement arithmetic".
 * Pure: no I/O, no clock (the settlement date and the terminal's hosp_lv are given). Every
 * business problem is a {@link Outcome.Refused} with a 13xx code; nothing is ever settled under
 * a default rule.
 */
public final class Settler {
    private final Policy policy;
    private final Catalog catalog;
    private final CodeMap codeMap;
    private final String hospLv;

    public Settler(Policy policy, Catalog catalog, CodeMap codeMap, String hospLv) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.codeMap = Objects.requireNonNull(codeMap, "codeMap");
        this.hospLv = Objects.requireNonNull(hospLv, "hospLv");
    }

    public Outcome<Settlement> settle(Purchase purchase, PersonSnapshot person, LocalDate date) {
        if (!policy.appliesOn(date)) {
            return Outcome.refused(SettlementReason.BEFORE_POLICY_EFFECTIVE,
                    "结算日期 " + date + "，政策 " + policy.version() + " 自 " + policy.effective() + " 起生效");
        }
        if (purchase.lines().isEmpty()) return Outcome.refused(SettlementReason.NO_LINES, "drugdetail");
        if (!purchase.psnNo().isEmpty() && !person.psnNo().isEmpty()
                && !purchase.psnNo().equals(person.psnNo())) {
            return Outcome.refused(SettlementReason.PERSON_MISMATCH, "psn_no");
        }
        Optional<PersonSnapshot.Insurance> insurance = person.insurance(purchase.insutype());
        if (insurance.isEmpty()) {
            return Outcome.refused(SettlementReason.NOT_INSURED_FOR_INSUTYPE, "insutype " + purchase.insutype());
        }
        String known = insurance.get().psnType();
        if (!purchase.psnType().isEmpty() && !known.isEmpty() && !purchase.psnType().equals(known)) {
            return Outcome.refused(SettlementReason.PERSON_MISMATCH, "psn_type " + purchase.psnType() + "，参保信息为 " + known);
        }
        return switch (splitLines(purchase, date)) {
            case Outcome.Refused<List<LineSplit>> r -> new Outcome.Refused<>(r.refusal());
            case Outcome.Ok<List<LineSplit>> ok -> withLines(purchase, person, insurance.get(), date, ok.value());
        };
    }

    private Outcome<List<LineSplit>> splitLines(Purchase purchase, LocalDate date) {
        LineSplitter splitter = new LineSplitter(catalog, codeMap, date, purchase.insutype());
        List<LineSplit> splits = new ArrayList<>(purchase.lines().size());
        long total = 0;
        for (PurchaseLine line : purchase.lines()) {
            switch (splitter.split(line)) {
                case Outcome.Refused<LineSplit> r -> {
                    return new Outcome.Refused<>(r.refusal());
                }
                case Outcome.Ok<LineSplit> ok -> splits.add(ok.value());
            }
            total += line.amount();
            if (total > Fen.MAX) return Outcome.refused(SettlementReason.AMOUNT_TOO_LARGE, "medfee_sumamt");
        }
        OptionalLong declared = purchase.declaredTotal();
        if (declared.isPresent() && declared.getAsLong() != total) {
            return Outcome.refused(SettlementReason.TOTAL_MISMATCH, "medfee_sumamt " + Fen.format(declared.getAsLong())
                    + "，明细合计 " + Fen.format(total));
        }
        return Outcome.ok(splits);
    }

    private Outcome<Settlement> withLines(Purchase purchase, PersonSnapshot person,
                                          PersonSnapshot.Insurance insurance, LocalDate date,
                                          List<LineSplit> lines) {
        String psnType = purchase.psnType().isEmpty() ? insurance.psnType() : purchase.psnType();
        RuleKey key = new RuleKey(purchase.insutype(), psnType, purchase.medType(), hospLv);
        Optional<Rule> rule = policy.firstMatching(key);
        if (rule.isEmpty()) {
            return Outcome.refused(SettlementReason.NO_MATCHING_RULE, "insutype " + key.insutype()
                    + "，psn_type " + key.psnType() + "，med_type " + key.medType() + "，hosp_lv " + key.hospLv()
                    + "（政策 " + policy.version() + "）");
        }
        return switch (benefitFor(rule.get(), purchase.diseCodg(), person, date)) {
            case Outcome.Refused<Benefit> r -> new Outcome.Refused<>(r.refusal());
            case Outcome.Ok<Benefit> ok -> Outcome.ok(compute(purchase, person, insurance, date, lines,
                    rule.get(), psnType, ok.value()));
        };
    }

    /** The rule's own benefit, or the disease's entry (checking the 门慢门特 qualification). */
    private static Outcome<Benefit> benefitFor(Rule rule, String diseCodg, PersonSnapshot person,
                                               LocalDate date) {
        return switch (rule.benefits()) {
            case RuleBenefits.Flat flat -> Outcome.ok(flat.benefit());
            case RuleBenefits.PerDisease perDisease -> {
                if (diseCodg.isEmpty()) {
                    yield Outcome.refused(SettlementReason.DISEASE_REQUIRED, "dise_codg（规则 " + rule.id() + "）");
                }
                Optional<Benefit> b = perDisease.forDisease(diseCodg);
                if (b.isEmpty()) {
                    yield Outcome.refused(SettlementReason.DISEASE_NOT_COVERED, "dise_codg " + diseCodg
                            + "（规则 " + rule.id() + "）");
                }
                if (perDisease.requiresOpsp() && !person.hasOpsp(diseCodg, date)) {
                    yield Outcome.refused(SettlementReason.NO_OPSP_QUALIFICATION, "dise_codg " + diseCodg
                            + "，结算日期 " + date);
                }
                yield Outcome.ok(b.get());
            }
        };
    }

    /** The accumulator group of a rule: its own, or {@code <accu_group>:<dise_codg>} per disease. */
    static String groupOf(Rule rule, String diseCodg) {
        return rule.benefits() instanceof RuleBenefits.PerDisease
                ? rule.accuGroup() + ":" + diseCodg : rule.accuGroup();
    }

    private Settlement compute(Purchase purchase, PersonSnapshot person, PersonSnapshot.Insurance insurance,
                               LocalDate date, List<LineSplit> lines, Rule rule, String psnType,
                               Benefit benefit) {
        long medfee = 0, fulamt = 0, overlmt = 0, preselfpay = 0, inscp = 0;
        List<String> warnings = new ArrayList<>();
        for (LineSplit l : lines) {
            medfee += l.line().amount();
            fulamt += l.fulamtOwnpay();
            overlmt += l.overlmt();
            preselfpay += l.preselfpay();
            inscp += l.inscp();
            l.warning().ifPresent(warnings::add);
        }
        String group = groupOf(rule, purchase.diseCodg());
        Accumulators ytd = person.accumulators(group, date.getYear());
        PoolShare pool = PoolCalculator.compute(inscp, benefit, ytd);
        long fundPaySum = pool.hifpPay();
        long hospPart = 0;
        long psnPart = medfee - fundPaySum - hospPart;
        long balance = insurance.balance();
        long eligible = purchase.useAccount() && rule.account().isPresent()
                ? AccountCalculator.eligible(rule.account().get(), fulamt, overlmt, preselfpay, pool) : 0;
        long acctPay = AccountCalculator.acctPay(balance, eligible);
        SettlementTotals totals = new SettlementTotals(medfee, fulamt, overlmt, preselfpay, inscp, pool,
                fundPaySum, hospPart, psnPart, acctPay, psnPart - acctPay, balance, balance - acctPay);
        AccumulatorDelta delta = new AccumulatorDelta(group, date.getYear(), purchase.insutype(),
                pool.actPayDedc(), pool.hifpPay(), pool.base(), acctPay);
        return new Settlement(date, rule.id(), purchase.insutype(), psnType, purchase.medType(),
                purchase.diseCodg(), lines, totals, details(rule, benefit, ytd, totals, eligible), delta,
                warnings, new Settlement.Versions(policy.version(), catalog.version(), codeMap.version()));
    }

    private static List<FundDetail> details(Rule rule, Benefit benefit, Accumulators ytd,
                                            SettlementTotals totals, long accountEligible) {
        List<FundDetail> out = new ArrayList<>(2);
        if (totals.hifpPay() > 0) {
            OptionalLong limit = benefit.annualCap().isPresent()
                    ? OptionalLong.of(Math.max(0, benefit.annualCap().getAsLong() - ytd.fundPaid()))
                    : OptionalLong.empty();
            out.add(new FundDetail(rule.fundPayType(), totals.inscpScpAmt(), limit, totals.hifpPay(),
                    "规则 " + rule.id()));
        }
        if (totals.acctPay() > 0) {
            AccountRule account = rule.account().orElseThrow();
            out.add(new FundDetail(account.fundPayType(), accountEligible,
                    OptionalLong.of(totals.balanceBefore()), totals.acctPay(), "个人账户 规则 " + rule.id()));
        }
        return out;
    }
}
