package org.yibao.terminal.domain.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.domain.money.Fen;

/**
 * Splits one purchase line per the spec's "Settlement arithmetic" (per line, steps 1-4): checks
 * the amount against round(pric × cnt), resolves the national code (through the 对照 map when
 * med_list_codg is empty), then full own pay / overlmt / 乙类 preselfpay / in scope.
 *
 * <p>The 乙类 ratio is selfpay_prop_390 for resident insutypes (39x) and selfpay_prop_310 for
 * every other insutype (310 and the other employee schemes).
 */
public final class LineSplitter {
    private final Catalog catalog;
    private final CodeMap codeMap;
    private final LocalDate date;
    private final boolean residentRatio;

    public LineSplitter(Catalog catalog, CodeMap codeMap, LocalDate date, String insutype) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.codeMap = Objects.requireNonNull(codeMap, "codeMap");
        this.date = Objects.requireNonNull(date, "date");
        this.residentRatio = usesResidentRatio(insutype);
    }

    /** True when the insutype takes selfpay_prop_390 (residents, 39x); else selfpay_prop_310. */
    public static boolean usesResidentRatio(String insutype) {
        return insutype != null && insutype.startsWith("39");
    }

    public Outcome<LineSplit> split(PurchaseLine line) {
        BigDecimal product = line.pric().multiply(line.cnt());
        // the amount is round(pric×cnt): 99 999 999 999.994 rounds to the largest amount, and stands
        if (product.setScale(2, RoundingMode.HALF_UP).movePointRight(2).compareTo(BigDecimal.valueOf(Fen.MAX)) > 0) {
            return Outcome.refused(SettlementReason.AMOUNT_TOO_LARGE, "feedetl_sn " + line.feedetlSn() + "：pric×cnt");
        }
        long expected = Fen.roundYuan(product);
        if (expected != line.amount()) {
            return Outcome.refused(SettlementReason.LINE_AMOUNT_MISMATCH, "feedetl_sn " + line.feedetlSn()
                    + "：det_item_fee_sumamt " + Fen.format(line.amount()) + "，round(pric×cnt) = "
                    + line.pric().toPlainString() + "×" + line.cnt().toPlainString() + " = " + Fen.format(expected));
        }
        Optional<String> code = nationalCode(line);
        if (code.isEmpty()) {
            String why = line.medinsListCodg().isEmpty() ? " 未给出医保编码或本地编码"
                    : " 本地编码 " + line.medinsListCodg() + " 未对照医保目录";
            return Outcome.ok(ownPay(line, LineKind.UNMAPPED, "", Optional.empty(),
                    Optional.of("明细 " + line.feedetlSn() + why + "，按全自费结算")));
        }
        Optional<CatalogEntry> entry = catalog.find(code.get(), date);
        if (entry.isEmpty()) {
            return Outcome.ok(ownPay(line, LineKind.NOT_IN_CATALOGUE, code.get(), Optional.empty(),
                    Optional.of("明细 " + line.feedetlSn() + " 医保编码 " + code.get()
                            + " 不在结算日有效的医保目录内，按全自费结算")));
        }
        if (entry.get().level() == ChargeLevel.C) {
            return Outcome.ok(ownPay(line, LineKind.CLASS_C, code.get(), entry, Optional.empty()));
        }
        return listed(line, code.get(), entry.get());
    }

    private Optional<String> nationalCode(PurchaseLine line) {
        if (!line.medListCodg().isEmpty()) return Optional.of(line.medListCodg());
        if (line.medinsListCodg().isEmpty()) return Optional.empty();
        return codeMap.nationalCode(line.medinsListCodg(), date).filter(c -> !c.isEmpty());
    }

    private static LineSplit ownPay(PurchaseLine line, LineKind kind, String code,
                                    Optional<CatalogEntry> entry, Optional<String> warning) {
        return new LineSplit(line, kind, code, entry, BigDecimal.ONE, line.amount(), 0, 0, 0, warning);
    }

    private Outcome<LineSplit> listed(PurchaseLine line, String code, CatalogEntry e) {
        long overlmt = overlmt(line, e.priceCap());
        BigDecimal prop = e.level() == ChargeLevel.B
                ? (residentRatio ? e.selfpayProp390() : e.selfpayProp310()) : BigDecimal.ZERO;
        if (prop.signum() < 0 || prop.compareTo(BigDecimal.ONE) > 0) {
            return Outcome.refused(SettlementReason.BAD_CATALOGUE_ROW, code + " 自付比例 " + prop.toPlainString());
        }
        long preselfpay = e.level() == ChargeLevel.B
                ? BigDecimal.valueOf(line.amount() - overlmt).multiply(prop)
                        .setScale(0, RoundingMode.HALF_UP).longValueExact()
                : 0;
        long inscp = line.amount() - overlmt - preselfpay;
        return Outcome.ok(new LineSplit(line, LineKind.LISTED, code, Optional.of(e), prop, 0, overlmt,
                preselfpay, inscp, Optional.empty()));
    }

    /** round((pric - cap) × cnt) when a cap exists and pric is above it, else 0. */
    private static long overlmt(PurchaseLine line, BigDecimal cap) {
        if (cap == null || line.pric().compareTo(cap) <= 0) return 0;
        return Fen.roundYuan(line.pric().subtract(cap).multiply(line.cnt()));
    }
}
