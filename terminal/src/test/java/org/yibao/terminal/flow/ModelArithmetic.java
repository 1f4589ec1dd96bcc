package org.yibao.terminal.flow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * The settlement arithmetic of national-interface.md ("Settlement arithmetic"), written out
 * plainly for {@link ClinicModelPropertiesTest}: the test catalogue's rows and the example
 * policy's rules as constants, each line's split, the settlement's parts. Uses nothing of the
 * terminal's settlement code; amounts are fen, ratios and unit prices exact decimals.
 */
final class ModelArithmetic {
    /** A catalogue row as {@link Fixtures#catalog()} holds it (valid on the test's date). */
    record Item(String level, BigDecimal prop310, BigDecimal prop390, BigDecimal cap) {
    }

    /** The rows valid on 2027-01-15; {@link Fixtures#ENDED} ended in 2025, so it is not in the catalogue then. */
    static final Map<String, Item> CATALOGUE = Map.of(
            Fixtures.JIA, new Item("01", BigDecimal.ZERO, BigDecimal.ZERO, null),
            Fixtures.JIA_CAP, new Item("01", BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("10.00")),
            Fixtures.YI, new Item("02", new BigDecimal("0.10"), new BigDecimal("0.20"), null),
            Fixtures.YI_CAP, new Item("02", new BigDecimal("0.05"), new BigDecimal("0.10"), new BigDecimal("2.50")),
            Fixtures.BING, new Item("03", BigDecimal.ONE, BigDecimal.ONE, null));

    /** A fee line as sent: feedetl_sn, national code, unit price and count as text. */
    record Line(long sn, String code, String pric, String cnt) {
        long amount() {
            return fen(new BigDecimal(pric).multiply(new BigDecimal(cnt)));
        }
    }

    /** A line's parts (fen) and its 甲/乙/丙 level ("" when not in the catalogue). */
    record LineSplit(long sn, long amount, long fulamt, long overlmt, long preselfpay, long inscp, String level) {
    }

    record Segment(Long upto, BigDecimal ratio) {
    }

    /** The parts of an example-policy rule the arithmetic needs; group is the accumulator row. */
    record Rule(String id, String group, long deductible, List<Segment> segments, Long annualCap, String fundPayType,
                String accountType, List<String> mayPay) {
    }

    /** The person's accumulators of one group and year: dedc_used, fund_paid, inscp_over_dedc (fen). */
    record Accu(long dedcUsed, long fundPaid, long inscpOverDedc) {
        static final Accu ZERO = new Accu(0, 0, 0);

        Accu plus(Accu d) {
            return new Accu(dedcUsed + d.dedcUsed, fundPaid + d.fundPaid, inscpOverDedc + d.inscpOverDedc);
        }

        Accu minus(Accu d) {
            return new Accu(dedcUsed - d.dedcUsed, fundPaid - d.fundPaid, inscpOverDedc - d.inscpOverDedc);
        }
    }

    /** A settlement's figures, as setlinfo carries them (fen; pool_prop_selfpay a 4-decimal ratio). */
    record Split(long medfee, long fulamt, long overlmt, long preselfpay, long inscp, long dedc, long hifp,
                 BigDecimal poolProp, long poolSelfpay, long acct, long cash, long balc, long crtPaybLmt, Rule rule,
                 Accu delta, List<LineSplit> lines) {
        long psnPart() {
            return medfee - hifp;
        }
    }

    private static final Rule EMP_ACTIVE = new Rule("emp-active-pharmacy", "outpatient", 20_000,
            List.of(new Segment(200_000L, new BigDecimal("0.70")), new Segment(null, new BigDecimal("0.60"))), 300_000L,
            "310100", "310200", List.of("fulamt", "overlmt", "preselfpay", "pool_selfpay", "deductible"));
    private static final Rule EMP_RETIRED = new Rule("emp-retired-pharmacy", "outpatient", 10_000,
            List.of(new Segment(null, new BigDecimal("0.75"))), 400_000L, "310100", "310200",
            List.of("preselfpay", "pool_selfpay", "deductible"));
    private static final Rule RESIDENT = new Rule("resident-outpatient", "outpatient", 0,
            List.of(new Segment(null, new BigDecimal("0.50"))), 40_000L, "390100", null, List.of());
    private static final Rule CHRONIC_M03900 = new Rule("chronic", "chronic:M03900", 0,
            List.of(new Segment(null, new BigDecimal("0.80"))), 500_000L, "310100", null, List.of());

    private ModelArithmetic() {
    }

    /** round(x): HALF_UP to the fen. */
    static long fen(BigDecimal yuan) {
        return yuan.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
    }

    /** Steps 1-4 of the per-line arithmetic. */
    static LineSplit split(Line line, String insutype) {
        long amount = line.amount();
        Item item = CATALOGUE.get(line.code());
        if (item == null || item.level().equals("03")) {
            return new LineSplit(line.sn(), amount, amount, 0, 0, 0, item == null ? "" : "03");
        }
        BigDecimal pric = new BigDecimal(line.pric());
        long overlmt = item.cap() != null && pric.compareTo(item.cap()) > 0
                ? fen(pric.subtract(item.cap()).multiply(new BigDecimal(line.cnt()))) : 0;
        long preselfpay = item.level().equals("02")
                ? fen(BigDecimal.valueOf(amount - overlmt, 2).multiply(insutype.startsWith("39") ? item.prop390() : item.prop310()))
                : 0;
        return new LineSplit(line.sn(), amount, 0, overlmt, preselfpay, amount - overlmt - preselfpay, item.level());
    }

    /**
     * The first rule of the example policy that matches, or the refusal code: 1301 none, 1303 a
     * 门慢 without dise_codg, 1304 a disease the rule does not list, 1305 no approval for it.
     */
    static Rule rule(String insutype, String psnType, String medType, String dise, boolean opsp) throws Refused {
        if (insutype.equals("310") && psnType.equals("11") && medType.equals("41")) return EMP_ACTIVE;
        if (insutype.equals("310") && psnType.equals("12") && (medType.equals("41") || medType.equals("11"))) return EMP_RETIRED;
        if (insutype.equals("390") && (medType.equals("11") || medType.equals("41"))) return RESIDENT; // hosp_lv "pharmacy"
        if (medType.equals("14")) {
            if (dise.isEmpty()) throw new Refused("1303");
            if (!dise.equals("M03900")) throw new Refused("1304");
            if (!opsp) throw new Refused("1305");
            return CHRONIC_M03900;
        }
        throw new Refused("1301");
    }

    /** The per-settlement arithmetic over {@code lines}, for a person at {@code accu} with {@code balance}. */
    static Split settle(List<Line> lines, String insutype, Rule rule, Accu accu, long balance, boolean useAccount) {
        List<LineSplit> parts = lines.stream().map(l -> split(l, insutype)).toList();
        long medfee = parts.stream().mapToLong(LineSplit::amount).sum();
        long fulamt = parts.stream().mapToLong(LineSplit::fulamt).sum();
        long overlmt = parts.stream().mapToLong(LineSplit::overlmt).sum();
        long preselfpay = parts.stream().mapToLong(LineSplit::preselfpay).sum();
        long inscp = parts.stream().mapToLong(LineSplit::inscp).sum();
        long dedc = Math.min(inscp, Math.max(0, rule.deductible() - accu.dedcUsed()));
        long base = inscp - dedc;
        long pay = fen(segmentsPay(rule.segments(), accu.inscpOverDedc(), base));
        long room = rule.annualCap() == null ? Long.MAX_VALUE : Math.max(0, rule.annualCap() - accu.fundPaid());
        long hifp = Math.min(pay, room);
        BigDecimal poolProp = base == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(hifp).divide(BigDecimal.valueOf(base), 4, RoundingMode.HALF_UP);
        long poolSelfpay = base - hifp;
        long acct = 0;
        if (useAccount && rule.accountType() != null) {
            long may = 0;
            for (String part : rule.mayPay()) {
                may += switch (part) {
                    case "fulamt" -> fulamt;
                    case "overlmt" -> overlmt;
                    case "preselfpay" -> preselfpay;
                    case "pool_selfpay" -> poolSelfpay;
                    case "deductible" -> dedc;
                    default -> throw new IllegalArgumentException(part);
                };
            }
            acct = Math.min(balance, may);
        }
        long cash = medfee - hifp - acct;
        long crt = rule.annualCap() == null ? 0 : Math.max(0, rule.annualCap() - accu.fundPaid());
        return new Split(medfee, fulamt, overlmt, preselfpay, inscp, dedc, hifp, poolProp, poolSelfpay, acct, cash,
                balance - acct, crt, rule, new Accu(dedc, hifp, base), parts);
    }

    /** Σ piece × ratio of [from, from + base) laid on the segments (exact, in yuan). */
    private static BigDecimal segmentsPay(List<Segment> segments, long from, long base) {
        BigDecimal raw = BigDecimal.ZERO;
        long lower = 0;
        long end = from + base;
        for (Segment s : segments) {
            long upper = s.upto() == null ? Long.MAX_VALUE : s.upto();
            long piece = Math.max(0, Math.min(end, upper) - Math.max(from, lower));
            raw = raw.add(BigDecimal.valueOf(piece, 2).multiply(s.ratio()));
            lower = upper;
        }
        return raw;
    }

    /** A refusal the model expects, by its term_errcode. */
    static final class Refused extends Exception {
        final String code;

        Refused(String code) {
            super(code, null, false, false);
            this.code = code;
        }
    }
}
