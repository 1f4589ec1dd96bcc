package org.yibao.terminal.domain.settlement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * Shared inputs of the settlement tests: the spec's example policy (the bundled
 * examples/policy.yaml), a small catalogue held in a list, a 对照 map, and builders for lines,
 * purchases and persons. Amounts in the builders are yuan strings, converted exactly.
 */
public final class Fixtures {
    public static final LocalDate DATE = LocalDate.of(2026, 3, 15);

    /** 甲类, no cap. */
    public static final String JIA = "XA0000000000000000001";
    /** 甲类 with a price cap of 10.00 per unit. */
    public static final String JIA_CAP = "XA0000000000000000002";
    /** 乙类, 0.10 for 310 and 0.20 for 390, no cap. */
    public static final String YI = "XB0000000000000000001";
    /** 乙类, 0.05 / 0.10, cap 2.50 per unit. */
    public static final String YI_CAP = "XB0000000000000000002";
    /** 丙类. */
    public static final String BING = "XC0000000000000000001";
    /** 甲类 that ended 2025-12-31. */
    public static final String ENDED = "XA0000000000000000009";

    private Fixtures() {
    }

    public static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("no resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec's example policy, as bundled. */
    public static Policy examplePolicy() {
        return PolicyLoader.parse(resource("/examples/policy.yaml"), "policy.yaml");
    }

    public static Catalog catalog() {
        return new ListCatalog(List.of(
                entry(JIA, ChargeLevel.A, "0", "0", null, null),
                entry(JIA_CAP, ChargeLevel.A, "0", "0", "10.00", null),
                entry(YI, ChargeLevel.B, "0.10", "0.20", null, null),
                entry(YI_CAP, ChargeLevel.B, "0.05", "0.10", "2.50", null),
                entry(BING, ChargeLevel.C, "1", "1", null, null),
                entry(ENDED, ChargeLevel.A, "0", "0", null, LocalDate.of(2025, 12, 31))));
    }

    /** L-JIA maps to {@link #JIA}; L-ENDED to {@link #ENDED}; nothing else is mapped. */
    public static CodeMap codeMap() {
        Map<String, String> map = Map.of("L-JIA", JIA, "L-ENDED", ENDED, "L-YI", YI);
        return new CodeMap() {
            @Override
            public Optional<String> nationalCode(String localCode, LocalDate date) {
                return Optional.ofNullable(map.get(localCode));
            }

            @Override
            public String version() {
                return "map-1";
            }
        };
    }

    private static CatalogEntry entry(String code, ChargeLevel level, String p310, String p390, String cap,
                                      LocalDate end) {
        return new CatalogEntry(code, code, "101", level, "09", new BigDecimal(p310), new BigDecimal(p390),
                cap == null ? null : new BigDecimal(cap), false, LocalDate.of(2024, 1, 1), end, "cat-7");
    }

    /** A catalogue held in a list: the real {@link Catalog} contract over a few rows. */
    record ListCatalog(List<CatalogEntry> rows) implements Catalog {
        @Override
        public Optional<CatalogEntry> find(String code, LocalDate date) {
            return rows.stream().filter(e -> e.code().equals(code) && e.validOn(date)).findFirst();
        }

        @Override
        public String version() {
            return "cat-7";
        }
    }

    private static int serial = 0;

    /** A line with a national code; amount = the given yuan text. */
    public static PurchaseLine line(String code, String pric, String cnt, String amount) {
        return new PurchaseLine(String.valueOf(++serial), code, "", fen(amount), new BigDecimal(pric),
                new BigDecimal(cnt));
    }

    /** A line with only a local code (mapped through the 对照 map). */
    public static PurchaseLine localLine(String localCode, String pric, String cnt, String amount) {
        return new PurchaseLine(String.valueOf(++serial), "", localCode, fen(amount), new BigDecimal(pric),
                new BigDecimal(cnt));
    }

    public static long fen(String yuan) {
        return new BigDecimal(yuan).movePointRight(2).longValueExact();
    }

    public static Purchase purchase(String insutype, String psnType, String medType, String dise,
                                    boolean useAccount, PurchaseLine... lines) {
        return new Purchase("P1", insutype, psnType, medType, dise, useAccount, OptionalLong.empty(),
                Arrays.asList(lines));
    }

    /** Employee active (310 / 11), pharmacy purchase (41). */
    public static Purchase employee(boolean useAccount, PurchaseLine... lines) {
        return purchase("310", "11", "41", "", useAccount, lines);
    }

    /**
     * The settlement of one 10.00 甲 line (cash, the account not used) for an employee with 1000.00
     * in the account and 200.00 of the outpatient deductible used, on {@link #DATE}: a settled
     * purchase for tests of what is stored and printed of it.
     */
    public static Settlement tenYuanJia() {
        var outcome = new Settler(examplePolicy(), catalog(), codeMap(), "pharmacy").settle(
                employee(false, line(JIA, "10.00", "1", "10.00")),
                person("310", "11", "1000.00", accu("outpatient", "200.00", "0", "0")), DATE);
        return ((Outcome.Ok<Settlement>) outcome).value();
    }

    /** A person insured under {@code insutype} with {@code balance}, and optional accumulators. */
    public static PersonSnapshot person(String insutype, String psnType, String balance,
                                        PersonSnapshot.YearAccumulators... accus) {
        return new PersonSnapshot("P1", "张三丰", "371502199001011234",
                List.of(new PersonSnapshot.Insurance(insutype, psnType, fen(balance), "371500")),
                Arrays.asList(accus), List.of(), false);
    }

    public static PersonSnapshot withOpsp(PersonSnapshot p, PersonSnapshot.OpspApproval... opsp) {
        List<PersonSnapshot.OpspApproval> all = new ArrayList<>(p.opsp());
        all.addAll(Arrays.asList(opsp));
        return new PersonSnapshot(p.psnNo(), p.name(), p.certno(), p.insurances(), p.accumulators(), all,
                p.fromCache());
    }

    /** Year-2026 accumulators of {@code group}: dedc_used, fund_paid, inscp_over_dedc in yuan. */
    public static PersonSnapshot.YearAccumulators accu(String group, String dedcUsed, String fundPaid,
                                                       String inscpOverDedc) {
        return new PersonSnapshot.YearAccumulators(2026, group,
                new Accumulators(fen(dedcUsed), fen(fundPaid), fen(inscpOverDedc)));
    }
}
