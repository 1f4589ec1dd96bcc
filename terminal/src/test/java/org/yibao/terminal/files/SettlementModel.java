package org.yibao.terminal.files;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * spec/national-interface.md "Settlement arithmetic" in yuan with {@link BigDecimal}, on the
 * plain models of the loaded files: what a purchase must settle to, or the refusal code. An
 * independent computation: it uses none of the terminal's classes.
 */
final class SettlementModel {
    private SettlementModel() {}

    record Line(String nationalCode, String localCode, BigDecimal pric, BigDecimal cnt) {
        BigDecimal amount() {
            return round(pric.multiply(cnt));
        }
    }

    /** Year-to-date figures of one accumulator group, in yuan. */
    record Ytd(BigDecimal dedcUsed, BigDecimal fundPaid, BigDecimal inscpOverDedc) {
        static final Ytd ZERO = new Ytd(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    record Request(String insutype, String psnType, String medType, String hospLv, String diseCodg, boolean useAccount,
                   BigDecimal balance, Map<String, Ytd> ytdByGroup, Map<String, LocalDate[]> opsp, LocalDate date,
                   List<Line> lines) {}

    /** The expected result: a refusal code, or the amounts (yuan, 2 decimals) and the rule and group used. */
    record Expected(String refusal, String ruleId, String group, BigDecimal medfee, BigDecimal fulamt, BigDecimal overlmt,
                    BigDecimal preselfpay, BigDecimal inscp, BigDecimal actPayDedc, BigDecimal hifp, BigDecimal poolSelfpay,
                    BigDecimal psnPart, BigDecimal acctPay, BigDecimal cash, BigDecimal balc) {
        static Expected refused(String code) {
            return new Expected(code, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    static Expected settle(PolicyModel policy, TsvModel.Catalog catalog, TsvModel.CodeMap codeMap, Request q) {
        if (q.date().isBefore(policy.effective())) return Expected.refused("1302");
        Optional<PolicyModel.Rule> found = policy.ruleFor(q.insutype(), q.psnType(), q.medType(), q.hospLv());
        if (found.isEmpty()) return Expected.refused("1301");
        PolicyModel.Rule rule = found.get();
        PolicyModel.Benefit benefit = rule.flat();
        String group = rule.group();
        if (rule.perDisease()) {
            if (q.diseCodg().isEmpty()) return Expected.refused("1303");
            benefit = rule.diseases().get(q.diseCodg());
            if (benefit == null) return Expected.refused("1304");
            LocalDate[] approved = q.opsp().get(q.diseCodg());
            boolean holds = approved != null && !q.date().isBefore(approved[0])
                    && (approved[1] == null || !q.date().isAfter(approved[1]));
            if (rule.requiresOpsp() && !holds) return Expected.refused("1305");
            group = rule.group() + ":" + q.diseCodg();
        }
        BigDecimal medfee = BigDecimal.ZERO, fulamt = BigDecimal.ZERO, overlmt = BigDecimal.ZERO;
        BigDecimal pre = BigDecimal.ZERO, inscp = BigDecimal.ZERO;
        boolean resident = q.insutype().startsWith("39");
        for (Line l : q.lines()) {
            BigDecimal amount = l.amount();
            medfee = medfee.add(amount);
            String code = l.nationalCode() != null ? l.nationalCode() : codeMap.nationalCode(l.localCode(), q.date()).orElse(null);
            Optional<TsvModel.CatRow> row = code == null ? Optional.empty() : catalog.find(code, q.date());
            if (row.isEmpty() || row.get().level().equals("03")) {
                fulamt = fulamt.add(amount);
                continue;
            }
            TsvModel.CatRow e = row.get();
            BigDecimal over = e.cap() != null && l.pric().compareTo(e.cap()) > 0
                    ? round(l.pric().subtract(e.cap()).multiply(l.cnt())) : BigDecimal.ZERO;
            BigDecimal p = e.level().equals("02") ? round(amount.subtract(over).multiply(e.ratioFor(resident))) : BigDecimal.ZERO;
            overlmt = overlmt.add(over);
            pre = pre.add(p);
            inscp = inscp.add(amount.subtract(over).subtract(p));
        }
        Ytd ytd = q.ytdByGroup().getOrDefault(group, Ytd.ZERO);
        BigDecimal act = inscp.min(benefit.deductible().subtract(ytd.dedcUsed()).max(BigDecimal.ZERO));
        BigDecimal base = inscp.subtract(act);
        BigDecimal hifp = round(segments(benefit, ytd.inscpOverDedc(), base));
        if (benefit.annualCap().present()) hifp = hifp.min(benefit.annualCap().yuan().subtract(ytd.fundPaid()).max(BigDecimal.ZERO));
        if (benefit.visitCap().present()) hifp = hifp.min(benefit.visitCap().yuan());
        BigDecimal poolSelfpay = base.subtract(hifp);
        BigDecimal psnPart = medfee.subtract(hifp);
        BigDecimal acct = BigDecimal.ZERO;
        if (q.useAccount() && rule.mayPay().isPresent()) {
            BigDecimal eligible = BigDecimal.ZERO;
            for (String part : rule.mayPay().get()) {
                eligible = eligible.add(switch (part) {
                    case "fulamt_ownpay" -> fulamt;
                    case "overlmt_selfpay" -> overlmt;
                    case "preselfpay" -> pre;
                    case "pool_selfpay" -> poolSelfpay;
                    case "deductible" -> act;
                    default -> throw new IllegalArgumentException(part);
                });
            }
            acct = q.balance().min(eligible).max(BigDecimal.ZERO);
        }
        return new Expected(null, rule.id(), group, medfee, fulamt, overlmt, pre, inscp, act, hifp, poolSelfpay, psnPart,
                acct, psnPart.subtract(acct), q.balance().subtract(acct));
    }

    /** Σ piece × ratio over [start, start + base), each piece inside [previous upto, upto); exact. */
    private static BigDecimal segments(PolicyModel.Benefit b, BigDecimal start, BigDecimal base) {
        BigDecimal end = start.add(base);
        BigDecimal lower = BigDecimal.ZERO;
        BigDecimal raw = BigDecimal.ZERO;
        for (PolicyModel.Segment s : b.segments()) {
            BigDecimal from = start.max(lower);
            BigDecimal to = s.upto() == null ? end : end.min(s.upto());
            if (to.compareTo(from) > 0) raw = raw.add(to.subtract(from).multiply(s.ratio()));
            if (s.upto() != null) lower = s.upto();
        }
        return raw;
    }

    static BigDecimal round(BigDecimal yuan) {
        return yuan.setScale(2, RoundingMode.HALF_UP);
    }
}
