package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.update.CatalogDelta;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.Settler;

/**
 * Faulty files the centre sends (docs/provisioning.md "Validated before use", "Catalogue deltas",
 * "Policies by effective date"): catalogue deltas that do not fit the catalogue held (a stale
 * base, a line to remove that is not there, e.g. for a code not in the catalogue, a result that
 * differs, not a delta at all) or whose rebuilt catalogue is faulty, and faulty policies. Each is
 * answered REFUSED with its code and a Chinese message; the catalogue, its delta base and the
 * policy in use stay, a purchase priced afterwards uses them, and a good delta still applies on
 * the catalogue held.
 */
class FleetFileFaultsPropertiesTest {
    private static final DeviceKey UPDATE_KEY = DeviceKey.generate(KeyAlgorithm.EC);
    private static final UpdateTarget DEVICE = UpdateTarget.device("T01");
    private static final Pattern ENGLISH = Pattern.compile("[A-Za-z]{3,}");

    enum Fault {
        DELTA_STALE_BASE("1950"), DELTA_REMOVES_ABSENT_LINE("1950"), DELTA_RESULT_DIGEST("1950"), DELTA_NOT_JSON("1950"),
        DELTA_ADDS_OVERLAP("1112"), DELTA_ADDS_BAD_RATIO("1108"), DELTA_REMOVES_EVERY_ROW("1114"),
        CATALOG_BAD_DATE("1110"), POLICY_BAD_RATIO("1207"), POLICY_EMPTY("1202"), POLICY_NOT_UTF8("1948");

        final String code;

        Fault(String code) {
            this.code = code;
        }
    }

    @Property(tries = 3)
    void aFaultyUpdateIsRefusedInChineseAndWhatIsInUseStays(@ForAll("faults") List<Fault> faults) throws Exception {
        Path dir = Files.createTempDirectory("filesmodel-fleet-");
        var centre = new FleetModelPropertiesTest.Centre();
        centre.connected = false; // only pushes: each applied or refused as it arrives
        try (var t = new FleetModelPropertiesTest.Terminal(dir, centre, UPDATE_KEY)) {
            byte[] base = Files.readAllBytes(dir.resolve("catalog.tsv"));
            String header = lines(base).getFirst();
            List<String> rows = lines(base).subList(1, lines(base).size());
            long seq = 1;
            byte[] baseWithVersion = (new String(base, StandardCharsets.UTF_8).stripTrailing() + "\n" + row("XBASE0000000000000001", "01", "0", "2026.05") + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            assertEquals("APPLIED", send(t, seq++, UpdateKind.CATALOG, baseWithVersion).status());
            String policyInForce = t.fleet.policies().on(t.today()).version();
            List<String> codes = new ArrayList<>();
            for (String r : lines(baseWithVersion).subList(1, lines(baseWithVersion).size())) codes.add(r.split("\t")[0]);
            List<Optional<CatalogEntry>> before = codes.stream().map(c -> t.catalog.find(c, t.today())).toList();
            for (Fault fault : faults) {
                Statistics.label("fault").collect(fault);
                byte[] content = content(fault, baseWithVersion, header, rows);
                UpdateKind kind = fault.name().startsWith("DELTA") ? UpdateKind.CATALOG_DELTA
                        : fault.name().startsWith("POLICY") ? UpdateKind.POLICY : UpdateKind.CATALOG;
                FleetStore.Recorded r = send(t, seq++, kind, content);
                assertEquals("REFUSED", r.status(), fault + " " + r);
                assertEquals(fault.code, r.code(), fault + " " + r.reason());
                chinese(r.reason());
                if (fault == Fault.DELTA_ADDS_OVERLAP) assertTrue(r.reason().contains("第 " + (lines(baseWithVersion).size() + 1) + " 行"), r.reason());
                assertEquals("2026.05", t.catalog.version(), "the catalogue in use stays");
                assertEquals(before, codes.stream().map(c -> t.catalog.find(c, t.today())).toList());
                assertArrayEquals(baseWithVersion, Gzip.reading(t.fleet.store().content(UpdateApplier.CATALOG_BASE).orElseThrow().body()).readAllBytes(),
                        "the delta base stays");
                assertEquals(policyInForce, t.fleet.policies().on(t.today()).version(), "the policy in force stays");
                Outcome<Settlement> priced = new Settler(t.fleet.policies().on(t.today()), t.catalog, t.codeMap, "pharmacy")
                        .settle(Fixtures.employee(false, Fixtures.localLine("P0001", "10.00", "1", "10.00")),
                                Fixtures.person("310", "11", "100.00"), t.today());
                Settlement s = ((Outcome.Ok<Settlement>) priced).value();
                assertEquals(new Settlement.Versions(policyInForce, "2026.05", t.codeMap.version()), s.versions());
            }
            byte[] next = (new String(baseWithVersion, StandardCharsets.UTF_8) + row("XNEW00000000000000001", "02", "0.1", "2026.06") + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            FleetStore.Recorded good = send(t, seq, UpdateKind.CATALOG_DELTA, CatalogDelta.compute(baseWithVersion, next));
            assertEquals("APPLIED", good.status(), good.reason());
            assertEquals("2026.06", t.catalog.version(), "a good delta still applies on the catalogue held");
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static byte[] content(Fault fault, byte[] base, String header, List<String> rows) throws Exception {
        String text = new String(base, StandardCharsets.UTF_8);
        String first = rows.getFirst();
        String[] f = first.split("\t", -1);
        return switch (fault) {
            case DELTA_STALE_BASE -> CatalogDelta.compute((text + row("XOTHER000000000000001", "01", "0", "2026.04") + "\n")
                    .getBytes(StandardCharsets.UTF_8), base);
            case DELTA_REMOVES_ABSENT_LINE -> ("{\"base_sha256\":\"" + sha256(base) + "\",\"result_sha256\":\"" + sha256(base)
                    + "\",\"remove\":[\"" + row("XABSENT00000000000001", "01", "0", "2026.04").replace("\t", "\\t")
                    + "\"],\"add\":[]}").getBytes(StandardCharsets.UTF_8);
            case DELTA_RESULT_DIGEST -> new String(CatalogDelta.compute(base, (text + row("XNEW00000000000000001", "01", "0", "2026.06")
                    + "\n").getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)
                    .replaceFirst("\"result_sha256\":\"[0-9a-f]+\"", "\"result_sha256\":\"" + "0".repeat(64) + "\"")
                    // the result named by its lines too (either names it: a device's rebuilt file may hold them in another order)
                    .replaceFirst("\"result_lines\":\"[0-9a-f]+\"", "\"result_lines\":\"" + "0".repeat(64) + "\"")
                    .getBytes(StandardCharsets.UTF_8);
            case DELTA_NOT_JSON -> "这不是增量".getBytes(StandardCharsets.UTF_8);
            case DELTA_ADDS_OVERLAP -> CatalogDelta.compute(base, (text + first.replace(f[f.length - 1], "2026.07") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            case DELTA_ADDS_BAD_RATIO -> CatalogDelta.compute(base, (text + row("XBAD00000000000000001", "02", "1.5", "2026.07") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            case DELTA_REMOVES_EVERY_ROW -> CatalogDelta.compute(base, (header + "\n").getBytes(StandardCharsets.UTF_8));
            case CATALOG_BAD_DATE -> (text + row("XBAD00000000000000002", "01", "0", "2026.07").replace("2024-01-01", "2024-02-30") + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            case POLICY_BAD_RATIO -> policy().replace("ratio: 0.70", "ratio: 1.70").getBytes(StandardCharsets.UTF_8);
            case POLICY_EMPTY -> new byte[0];
            case POLICY_NOT_UTF8 -> policy().getBytes(Charset.forName("GBK"));
        };
    }

    private static String policy() throws Exception {
        return Files.readString(FleetRig.EXAMPLES.resolve("policy.yaml")).replace("version: \"2026.03\"", "version: \"2026.99\"");
    }

    /** A catalogue line in the examples' column order. */
    private static String row(String code, String level, String ratio, String ver) {
        return String.join("\t", code, "测试药品", "101", level, "09", ratio, ratio, "null", "0", "2024-01-01", "null", ver);
    }

    private static FleetStore.Recorded send(FleetModelPropertiesTest.Terminal t, long seq, UpdateKind kind, byte[] content) throws Exception {
        Update update = new Update(DEVICE, seq, kind, t.clock.instant(), content, "");
        t.push(UpdateEnvelope.sign(update, UPDATE_KEY.pair().getPrivate(), KeyAlgorithm.EC));
        t.fleet.agent().orElseThrow().catchUpNow(Duration.ofSeconds(30));
        return t.fleet.store().recorded(update.updateId()).orElseThrow(() -> new AssertionError("not recorded: " + update.updateId()));
    }

    /** No English words once the file names, column and key names, codes and the update's kind are taken out. */
    private static void chinese(String reason) {
        String rest = reason.replaceAll("[\\w.-]+\\.tsv", "").replaceAll("：policy$", "").replaceAll("device/T01/\\d+", "")
                .replaceAll("(med_list_codg|selfpay_prop_310|selfpay_prop_390|begndate|enddate|rules\\[\\d+]\\.segments\\[\\d+]\\.ratio)", "")
                .replaceAll("yyyy-MM-dd|yyyyMMdd|UTF-8|YAML|JSON|TSV|result_sha256|result_lines", "").replaceAll("X[A-Z0-9]{20}", "");
        assertTrue(!ENGLISH.matcher(rest).find(), "English in the refusal: " + reason);
    }

    private static List<String> lines(byte[] tsv) {
        return new String(tsv, StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Provide Arbitrary<List<Fault>> faults() {
        return Arbitraries.of(Fault.class).list().ofMinSize(3).ofMaxSize(6);
    }
}
