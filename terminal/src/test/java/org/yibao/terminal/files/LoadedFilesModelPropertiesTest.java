package org.yibao.terminal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.statistics.Statistics;
import org.yibao.terminal.catalog.CatalogFiles;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.domain.policy.Benefit;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.Rule;
import org.yibao.terminal.domain.policy.RuleBenefits;
import org.yibao.terminal.domain.policy.RuleKey;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.SettlementTotals;
import org.yibao.terminal.domain.settlement.Settler;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * Valid random files (spec/policy-and-catalog.md; README "Catalogue and 对照 code map") loaded the
 * way the terminal loads them (the policy file by {@link PolicyLoader}; the catalogue and code
 * map imported into a real terminal.db and read back, and read into memory as {@code simulate}
 * does) give what the plain models say: the rule for every insutype / psn_type / med_type /
 * hosp_lv, each rule's amounts and ratios to the fen, the catalogue entry (class, ratios, cap,
 * validity, ver) of a code on every boundary day, the catalogue and code-map versions, the
 * national code of a local code on a date; and a purchase settled with the loaded files (the
 * {@link Settler} the flows and {@code simulate} use) gives the fen amounts of an independent
 * BigDecimal computation of the spec's formulas.
 */
class LoadedFilesModelPropertiesTest {

    @Property(tries = 80)
    void aValidPolicyLoadsToTheModelsRules(@ForAll("policies") PolicyModel model, @ForAll boolean crlf, @ForAll boolean bom)
            throws Exception {
        Path dir = Loaded.fresh("policy");
        try {
            String yaml = (bom ? "\uFEFF" : "") + (crlf ? model.yaml().replace("\n", "\r\n") : model.yaml());
            Policy p = PolicyLoader.load(java.nio.file.Files.writeString(dir.resolve("policy.yaml"), yaml));
            assertEquals(model.admdvs(), p.admdvs());
            assertEquals(model.version(), p.version());
            assertEquals(model.effective(), p.effective());
            assertEquals(new TreeSet<>(model.groups()), new TreeSet<>(p.accuGroups()));
            assertEquals(model.rules().size(), p.rules().size());
            for (int i = 0; i < model.rules().size(); i++) sameRule(model.rules().get(i), p.rules().get(i));
            for (String ins : PolicyModel.INSUTYPES) for (String psn : PolicyModel.PSN_TYPES)
                for (String med : PolicyModel.MED_TYPES) for (String hosp : PolicyModel.HOSP_LVS) {
                    assertEquals(model.ruleFor(ins, psn, med, hosp).map(PolicyModel.Rule::id),
                            p.firstMatching(new RuleKey(ins, psn, med, hosp)).map(Rule::id), ins + "/" + psn + "/" + med + "/" + hosp);
                }
        } finally {
            Loaded.deleteTree(dir);
        }
    }

    private static void sameRule(PolicyModel.Rule m, Rule r) {
        assertEquals(m.id(), r.id());
        assertEquals(m.group(), r.accuGroup());
        assertEquals(m.fundPayType(), r.fundPayType().code());
        assertEquals(m.mayPay(), r.account().map(a -> a.mayPay().stream().map(x -> x.yamlName()).toList()));
        r.account().ifPresent(a -> assertEquals("310200", a.fundPayType().code()));
        switch (r.benefits()) {
            case RuleBenefits.Flat flat -> {
                assertTrue(!m.perDisease(), m.id());
                sameBenefit(m.flat(), flat.benefit());
            }
            case RuleBenefits.PerDisease per -> {
                assertTrue(m.perDisease(), m.id());
                assertEquals(m.requiresOpsp(), per.requiresOpsp());
                assertEquals(m.diseases().keySet(), per.diseases().keySet());
                m.diseases().forEach((code, b) -> sameBenefit(b, per.diseases().get(code)));
            }
        }
    }

    private static void sameBenefit(PolicyModel.Benefit m, Benefit b) {
        assertEquals(Loaded.fen(m.deductible()), b.deductible());
        assertEquals(m.segments().size(), b.segments().size());
        for (int i = 0; i < m.segments().size(); i++) {
            PolicyModel.Segment s = m.segments().get(i);
            assertEquals(s.upto() == null ? OptionalLong.empty() : OptionalLong.of(Loaded.fen(s.upto())), b.segments().get(i).upto());
            assertEquals(0, s.ratio().compareTo(b.segments().get(i).ratio().toBigDecimal()), s.ratio() + " " + b.segments().get(i).ratio());
        }
        assertEquals(cap(m.annualCap()), b.annualCap());
        assertEquals(cap(m.visitCap()), b.visitCap());
    }

    private static OptionalLong cap(PolicyModel.Amount a) {
        return a.present() ? OptionalLong.of(Loaded.fen(a.yuan())) : OptionalLong.empty();
    }

    @Property(tries = 30)
    void aValidCatalogueAndCodeMapImportToTheModelsAnswers(@ForAll("tables") TsvModel.Tables tables,
                                                            @ForAll("styles") TsvModel.Style catStyle,
                                                            @ForAll("styles") TsvModel.Style mapStyle) throws Exception {
        TsvModel.Catalog cat = tables.catalog();
        TsvModel.CodeMap map = tables.codeMap();
        try (Loaded t = new Loaded(Loaded.fresh("tsv"))) {
            byte[] catBytes = TsvModel.render(TsvModel.CATALOG_COLUMNS, TsvModel.catalogLines(cat, catStyle), catStyle, "目录.tsv");
            byte[] mapBytes = TsvModel.render(TsvModel.CODEMAP_COLUMNS, TsvModel.codeMapLines(map, mapStyle), mapStyle, "codemap.tsv");
            Path catFile = t.write(catStyle.zipped() ? "catalog.zip" : "catalog.tsv", catBytes);
            Path mapFile = t.write("codemap.tsv", mapBytes);
            t.store.importCatalog(catFile);
            t.store.importCodeMap(mapFile);
            Statistics.label("zipped").collect(catStyle.zipped());
            assertEquals(cat.version(), t.catalog.version());
            assertEquals(cat.rows().size(), t.store.currentCatalog().orElseThrow().rows());
            assertEquals(sha256(mapBytes).substring(0, 16), t.codeMap.version());
            var memory = CatalogFiles.readCatalog(catFile);
            assertEquals(cat.version(), memory.version());
            agreesWithCatalogue(cat, t.catalog);
            agreesWithCatalogue(cat, memory);
            agreesWithCodeMap(map, t.codeMap);
            agreesWithCodeMap(map, CatalogFiles.readCodeMap(mapFile));
        }
    }

    static void agreesWithCatalogue(TsvModel.Catalog model, Catalog loaded) {
        List<String> codes = new ArrayList<>(model.codes());
        codes.add("XZ0000000000000000000");
        for (String code : codes) {
            for (LocalDate day : boundaryDays(model.rows().stream().filter(r -> r.code().equals(code))
                    .flatMap(r -> java.util.stream.Stream.of(r.begin(), r.end())).toList())) {
                Optional<TsvModel.CatRow> expected = model.find(code, day);
                Optional<CatalogEntry> actual = loaded.find(code, day);
                assertEquals(expected.isPresent(), actual.isPresent(), code + " on " + day);
                expected.ifPresent(e -> sameEntry(e, actual.get()));
            }
        }
    }

    private static void sameEntry(TsvModel.CatRow e, CatalogEntry a) {
        String what = e.code() + " " + e.begin();
        assertEquals(e.level(), a.level().code(), what);
        assertEquals(0, e.ratioFor(false).compareTo(a.selfpayProp310()), what + " 310");
        assertEquals(0, e.ratioFor(true).compareTo(a.selfpayProp390()), what + " 390");
        assertEquals(e.cap() == null, a.priceCap() == null, what + " cap");
        if (e.cap() != null) assertEquals(0, e.cap().compareTo(a.priceCap()), what + " cap");
        assertEquals(e.begin(), a.beginDate(), what);
        assertEquals(e.end(), a.endDate(), what);
        assertEquals(e.ver(), a.version(), what);
        assertEquals(e.name(), a.name(), what);
        assertEquals(e.listType(), a.listType(), what);
        assertEquals(e.restricted(), a.restrictedUse(), what);
    }

    static void agreesWithCodeMap(TsvModel.CodeMap model, CodeMap loaded) {
        List<String> locals = new ArrayList<>(model.locals());
        locals.add("P9999");
        for (String local : locals) {
            for (LocalDate day : boundaryDays(model.rows().stream().filter(r -> r.local().equals(local))
                    .flatMap(r -> java.util.stream.Stream.of(r.begin(), r.end())).toList())) {
                assertEquals(model.nationalCode(local, day), loaded.nationalCode(local, day), local + " on " + day);
            }
        }
    }

    /** Every day either side of each bound, and one far before and after. */
    private static List<LocalDate> boundaryDays(List<LocalDate> bounds) {
        TreeSet<LocalDate> days = new TreeSet<>(List.of(TsvModel.ORIGIN.minusDays(1), TsvModel.ORIGIN.plusYears(5)));
        for (LocalDate b : bounds) {
            if (b == null) continue;
            days.add(b.minusDays(1));
            days.add(b);
            days.add(b.plusDays(1));
        }
        return List.copyOf(days);
    }

    @Property(tries = 20)
    void aPurchaseSettledWithLoadedFilesGivesTheModelsFen(@ForAll("policies") PolicyModel policy,
                                                          @ForAll("tables") TsvModel.Tables tables,
                                                          @ForAll Random random) throws Exception {
        TsvModel.Catalog cat = tables.catalog();
        TsvModel.CodeMap map = tables.codeMap();
        TsvModel.Style plain = new TsvModel.Style(random.nextLong(), false, false, false, false, true, false);
        try (Loaded t = new Loaded(Loaded.fresh("settle"))) {
            Policy p = PolicyLoader.load(t.write("policy.yaml", policy.yaml().getBytes(StandardCharsets.UTF_8)));
            t.store.importCatalog(t.write("catalog.tsv", TsvModel.render(TsvModel.CATALOG_COLUMNS,
                    TsvModel.catalogLines(cat, plain), plain, "")));
            t.store.importCodeMap(t.write("codemap.tsv", TsvModel.render(TsvModel.CODEMAP_COLUMNS,
                    TsvModel.codeMapLines(map, plain), plain, "")));
            for (int i = 0; i < 25; i++) {
                SettlementModel.Request q = Loaded.request(random, policy, cat, map);
                checkSettlement(policy, cat, map, p, t, q);
            }
        }
    }

    static void checkSettlement(PolicyModel policy, TsvModel.Catalog cat, TsvModel.CodeMap map, Policy p, Loaded t,
                                SettlementModel.Request q) {
        SettlementModel.Expected e = SettlementModel.settle(policy, cat, map, q);
        Outcome<Settlement> o = new Settler(p, t.catalog, t.codeMap, q.hospLv()).settle(Loaded.purchase(q), Loaded.person(q), q.date());
        Statistics.label("outcome").collect(e.refusal() == null ? "settled" : e.refusal());
        switch (o) {
            case Outcome.Refused<Settlement> r -> assertEquals(e.refusal(), r.refusal().reason().code(), r.refusal().errMsg());
            case Outcome.Ok<Settlement> ok -> {
                assertEquals(null, e.refusal(), "the model refuses " + e.refusal());
                Settlement s = ok.value();
                SettlementTotals a = s.totals();
                assertEquals(e.ruleId(), s.ruleId());
                assertEquals(e.group(), s.delta().group());
                Map<String, long[]> amounts = Map.ofEntries(
                        Map.entry("medfee", new long[] {fen(e.medfee()), a.medfeeSumamt()}),
                        Map.entry("fulamt", new long[] {fen(e.fulamt()), a.fulamtOwnpayAmt()}),
                        Map.entry("overlmt", new long[] {fen(e.overlmt()), a.overlmtSelfpay()}),
                        Map.entry("preselfpay", new long[] {fen(e.preselfpay()), a.preselfpayAmt()}),
                        Map.entry("inscp", new long[] {fen(e.inscp()), a.inscpScpAmt()}),
                        Map.entry("act_pay_dedc", new long[] {fen(e.actPayDedc()), a.actPayDedc()}),
                        Map.entry("hifp_pay", new long[] {fen(e.hifp()), a.hifpPay()}),
                        Map.entry("pool_selfpay", new long[] {fen(e.poolSelfpay()), a.poolSelfpay()}),
                        Map.entry("psn_part", new long[] {fen(e.psnPart()), a.psnPartAmt()}),
                        Map.entry("acct_pay", new long[] {fen(e.acctPay()), a.acctPay()}),
                        Map.entry("cash", new long[] {fen(e.cash()), a.psnCashPay()}),
                        Map.entry("balc", new long[] {fen(e.balc()), a.balc()}));
                amounts.forEach((name, v) -> assertEquals(v[0], v[1], name + " " + q));
                assertEquals(new Settlement.Versions(policy.version(), cat.version(), t.codeMap.version()), s.versions());
            }
        }
    }

    private static long fen(BigDecimal yuan) {
        return yuan.movePointRight(2).longValueExact();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Provide Arbitrary<PolicyModel> policies() {
        return PolicyModel.policies();
    }

    @Provide Arbitrary<TsvModel.Tables> tables() {
        return TsvModel.tables();
    }

    @Provide Arbitrary<TsvModel.Style> styles() {
        return TsvModel.styles();
    }
}
