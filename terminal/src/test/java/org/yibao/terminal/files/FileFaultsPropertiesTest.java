package org.yibao.terminal.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yibao.terminal.catalog.CatalogFiles;
import org.yibao.terminal.catalog.ImportRecord;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * One fault at a time in otherwise valid files (each kind spec/policy-and-catalog.md and the
 * README's "Catalogue and 对照 code map" name: a missing field, a wrong type, a negative or
 * fractional fen, a ratio out of range, overlapping ranges, duplicate codes, an unknown class,
 * a cut-off file, bad encoding, an empty file, ...). Each is refused with its code and a Chinese
 * message naming the file and where (line and column, or the key path); nothing of it is applied
 * (the catalogue, code map and versions in use stay, and a purchase priced after the refusal
 * settles with the files in use); and neither the files in use nor the refused one is deleted
 * or changed.
 */
class FileFaultsPropertiesTest {
    /** ASCII words a refusal may carry besides the file name, column names and the faulty value. */
    private static final Pattern ALLOWED_LATIN = Pattern.compile("yyyy-MM-dd|yyyyMMdd|UTF-8|\\.tsv|YAML|HALF_UP|null|Tab|mapping");

    @Property(tries = 10)
    void aFaultyCatalogueIsRefusedWhereItIsWrongAndChangesNothing(@ForAll("tables") TsvModel.Tables old,
                                                                 @ForAll("tables") TsvModel.Tables next,
                                                                 @ForAll("styles") TsvModel.Style style,
                                                                 @ForAll("policies") PolicyModel policy,
                                                                 @ForAll Random random) throws Exception {
        try (Loaded t = new Loaded(Loaded.fresh("catfault"))) {
            InUse inUse = InUse.load(t, old, policy);
            for (TsvFault fault : shuffled(TsvFault.CATALOG, random)) { // every kind, every try
                String name = style.zipped() ? "catalog-new.zip" : "catalog-new.tsv";
                TsvFault.Made made = fault.make(TsvModel.CATALOG_COLUMNS, TsvModel.catalogLines(next.catalog(), style), style,
                        "目录.tsv", random);
                Path bad = t.write(name, made.bytes());
                RefusedException e = assertThrows(RefusedException.class, () -> t.store.importCatalog(bad), fault.name());
                refusedWhereItIsWrong(e.refusal(), fault.code, name, made);
                RefusedException memory = assertThrows(RefusedException.class, () -> CatalogFiles.readCatalog(bad));
                assertEquals(e.refusal(), memory.refusal(), "simulate's reading refuses it the same way");
                assertArrayEquals(made.bytes(), Files.readAllBytes(bad), "the refused file is left as it was");
                inUse.stillInUse(t, random);
            }
        }
    }

    @Property(tries = 10)
    void aFaultyCodeMapIsRefusedWhereItIsWrongAndChangesNothing(@ForAll("tables") TsvModel.Tables old,
                                                               @ForAll("tables") TsvModel.Tables next,
                                                               @ForAll("styles") TsvModel.Style style,
                                                               @ForAll("policies") PolicyModel policy,
                                                               @ForAll Random random) throws Exception {
        TsvModel.CodeMap map = next.codeMap().rows().isEmpty()
                ? new TsvModel.CodeMap(java.util.List.of(new TsvModel.MapRow("P0001", "本地药品", "101", "XA0000000000000000001",
                        TsvModel.ORIGIN, null)))
                : next.codeMap();
        try (Loaded t = new Loaded(Loaded.fresh("mapfault"))) {
            InUse inUse = InUse.load(t, old, policy);
            for (TsvFault fault : shuffled(TsvFault.CODEMAP, random)) {
                String name = style.zipped() ? "codemap-new.zip" : "codemap-new.tsv";
                TsvFault.Made made = fault.make(TsvModel.CODEMAP_COLUMNS, TsvModel.codeMapLines(map, style), style, "对照.tsv", random);
                Path bad = t.write(name, made.bytes());
                RefusedException e = assertThrows(RefusedException.class, () -> t.store.importCodeMap(bad), fault.name());
                refusedWhereItIsWrong(e.refusal(), fault.code, name, made);
                assertEquals(e.refusal(), assertThrows(RefusedException.class, () -> CatalogFiles.readCodeMap(bad)).refusal());
                assertArrayEquals(made.bytes(), Files.readAllBytes(bad));
                inUse.stillInUse(t, random);
            }
        }
    }

    private static <T> java.util.List<T> shuffled(java.util.List<T> all, Random random) {
        java.util.List<T> out = new java.util.ArrayList<>(all);
        java.util.Collections.shuffle(out, random);
        return out;
    }

    private static void refusedWhereItIsWrong(Refusal refusal, String code, String fileName, TsvFault.Made made) {
        String detail = refusal.detail();
        assertEquals(code, refusal.reason().code(), refusal.errMsg());
        assertTrue(refusal.errMsg().startsWith(refusal.reason().message() + "："), refusal.errMsg());
        assertTrue(detail.startsWith(fileName), "names the file: " + detail);
        if (made.line() > 0) assertTrue(detail.contains("第 " + made.line() + " 行"), "names line " + made.line() + ": " + detail);
        boolean header = made.line() == 1;
        if (made.column() != null) {
            assertTrue(detail.contains(header ? made.column() : made.column() + " 列"), "names column " + made.column() + ": " + detail);
        }
        if (made.otherLine() != null) assertTrue(detail.contains(made.otherLine()), "names the other line too: " + detail);
        chinese(refusal, fileName);
    }

    /** The message is Chinese: no English words once the file name, column and key names and quoted values are taken out. */
    private static void chinese(Refusal refusal, String fileName) {
        assertTrue(refusal.reason().message().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN));
        String rest = refusal.detail().replace(fileName, "");
        for (String column : TsvModel.CATALOG_COLUMNS) rest = rest.replace(column, "");
        for (String column : TsvModel.CODEMAP_COLUMNS) rest = rest.replace(column, "");
        rest = ALLOWED_LATIN.matcher(rest).replaceAll("");
        rest = rest.replaceAll("(实为|实际为|：|列 |文件 |有 ) ?[^；，。）\\s]*", ""); // the values the message quotes
        rest = rest.replaceAll("[A-Za-z_]+(\\[\\d+])?(\\.[A-Za-z0-9_]+(\\[\\d+])?)*：", ""); // key paths
        assertTrue(!Pattern.compile("[A-Za-z]{3,}").matcher(rest).find(), "English in the message: " + refusal.errMsg() + " / " + rest);
    }

    @Property(tries = 25)
    void aFaultyPolicyIsRefusedAtItsKeyAndTheOneInUseStays(@ForAll("policies") PolicyModel policy, @ForAll Random random)
            throws Exception {
        Path dir = Loaded.fresh("policyfault");
        try {
            Path good = Files.writeString(dir.resolve("policy.yaml"), policy.yaml());
            Policy inUse = PolicyLoader.load(good);
            for (PolicyFault fault : shuffled(java.util.List.of(PolicyFault.values()), random)) {
                Optional<PolicyFault.Made> made = fault.make(policy, random);
                if (made.isEmpty()) continue;
                Statistics.label("fault").collect(fault);
                Path bad = Files.write(dir.resolve("policy-new.yaml"), made.get().bytes());
                RefusedException e = assertThrows(RefusedException.class, () -> PolicyLoader.load(bad), fault + "\n" + text(made.get()));
                Refusal refusal = e.refusal();
                if (made.get().code() != null) assertEquals(made.get().code(), refusal.reason().code(), fault + ": " + refusal.errMsg());
                else assertTrue(refusal.reason().code().startsWith("12"), refusal.errMsg());
                assertTrue(refusal.detail().startsWith("policy-new.yaml："), refusal.detail());
                if (made.get().path() != null) {
                    assertTrue(refusal.detail().contains(made.get().path() + "："), "names " + made.get().path() + ": " + refusal.detail());
                } else if (fault == PolicyFault.TAB_INDENT || fault == PolicyFault.DUPLICATE_KEY) {
                    assertTrue(Pattern.compile("第\\d+行第\\d+列").matcher(refusal.detail()).find(), refusal.detail());
                }
                assertTrue(refusal.reason().message().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN));
                assertArrayEquals(made.get().bytes(), Files.readAllBytes(bad));
                assertEquals(policy.yaml(), Files.readString(good), "the policy in use is left as it was");
            }
            assertEquals(inUse, PolicyLoader.load(good));
        } finally {
            Loaded.deleteTree(dir);
        }
    }

    private static String text(PolicyFault.Made made) {
        return new String(made.bytes(), StandardCharsets.UTF_8);
    }

    /** The files in use before the faulty one: imported, with their bytes, versions and a policy to price with. */
    record InUse(TsvModel.Tables tables, PolicyModel policyModel, Policy policy, Path catalogFile, byte[] catalogBytes,
                 Path codeMapFile, byte[] codeMapBytes, ImportRecord catalogRecord, ImportRecord codeMapRecord) {
        static InUse load(Loaded t, TsvModel.Tables tables, PolicyModel policyModel) throws Exception {
            TsvModel.Style plain = new TsvModel.Style(7, false, false, false, false, true, false);
            byte[] cat = TsvModel.render(TsvModel.CATALOG_COLUMNS, TsvModel.catalogLines(tables.catalog(), plain), plain, "");
            byte[] map = TsvModel.render(TsvModel.CODEMAP_COLUMNS, TsvModel.codeMapLines(tables.codeMap(), plain), plain, "");
            Path catFile = t.write("catalog.tsv", cat);
            Path mapFile = t.write("codemap.tsv", map);
            Policy policy = PolicyLoader.parse(policyModel.yaml(), "policy.yaml");
            return new InUse(tables, policyModel, policy, catFile, cat, mapFile, map, t.store.importCatalog(catFile),
                    t.store.importCodeMap(mapFile));
        }

        void stillInUse(Loaded t, Random random) throws Exception {
            assertEquals(Optional.of(catalogRecord), t.store.currentCatalog());
            assertEquals(Optional.of(codeMapRecord), t.store.currentCodeMap());
            assertEquals(catalogRecord.version(), t.catalog.version());
            assertEquals(codeMapRecord.version(), t.codeMap.version());
            LoadedFilesModelPropertiesTest.agreesWithCatalogue(tables.catalog(), t.catalog);
            LoadedFilesModelPropertiesTest.agreesWithCodeMap(tables.codeMap(), t.codeMap);
            assertArrayEquals(catalogBytes, Files.readAllBytes(catalogFile), "the catalogue file in use is left as it was");
            assertArrayEquals(codeMapBytes, Files.readAllBytes(codeMapFile), "the code-map file in use is left as it was");
            for (int i = 0; i < 3; i++) {
                LoadedFilesModelPropertiesTest.checkSettlement(policyModel, tables.catalog(), tables.codeMap(), policy, t,
                        Loaded.request(random, policyModel, tables.catalog(), tables.codeMap()));
            }
        }
    }

    @Provide Arbitrary<TsvModel.Tables> tables() {
        return TsvModel.tables();
    }

    @Provide Arbitrary<TsvModel.Style> styles() {
        return TsvModel.styles();
    }

    @Provide Arbitrary<PolicyModel> policies() {
        return PolicyModel.policies();
    }

}
