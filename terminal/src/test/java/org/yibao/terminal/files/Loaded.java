package org.yibao.terminal.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.SqlCatalog;
import org.yibao.terminal.catalog.SqlCodeMap;
import org.yibao.terminal.domain.settlement.Accumulators;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.domain.settlement.Purchase;
import org.yibao.terminal.domain.settlement.PurchaseLine;

/**
 * The terminal's side of the tests: a fresh data folder with a real terminal.db and its catalogue
 * store (as {@code terminal run}, {@code catalog import} and fleet updates use it), the files
 * written there, and the domain inputs of a settlement built from a {@link SettlementModel.Request}.
 */
final class Loaded implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    final Path dir;
    final SqliteDatabase db;
    final CatalogStore store;
    final SqlCatalog catalog;
    final SqlCodeMap codeMap;

    Loaded(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
        store = new CatalogStore(db, Clock.fixed(T0, ZoneOffset.UTC));
        catalog = store.catalog();
        codeMap = store.codeMap();
    }

    static Path fresh(String what) {
        try {
            return Files.createTempDirectory("filesmodel-" + what + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Override public void close() throws Exception {
        catalog.close();
        codeMap.close();
        db.close();
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    // ---------------------------------------------------------------- requests

    static long fen(BigDecimal yuan) {
        return yuan.movePointRight(2).longValueExact();
    }

    static Purchase purchase(SettlementModel.Request q) {
        List<PurchaseLine> lines = new ArrayList<>();
        for (int i = 0; i < q.lines().size(); i++) {
            SettlementModel.Line l = q.lines().get(i);
            lines.add(new PurchaseLine("L" + (i + 1), l.nationalCode(), l.localCode(), fen(l.amount()), l.pric(), l.cnt()));
        }
        return new Purchase("P1", q.insutype(), q.psnType(), q.medType(), q.diseCodg(), q.useAccount(), OptionalLong.empty(), lines);
    }

    static PersonSnapshot person(SettlementModel.Request q) {
        List<PersonSnapshot.YearAccumulators> accu = new ArrayList<>();
        q.ytdByGroup().forEach((group, y) -> accu.add(new PersonSnapshot.YearAccumulators(q.date().getYear(), group,
                new Accumulators(fen(y.dedcUsed()), fen(y.fundPaid()), fen(y.inscpOverDedc())))));
        List<PersonSnapshot.OpspApproval> opsp = new ArrayList<>();
        q.opsp().forEach((code, range) -> opsp.add(new PersonSnapshot.OpspApproval(code, "病种" + code, range[0], range[1])));
        return new PersonSnapshot("P1", "张三", "371502199001011234",
                List.of(new PersonSnapshot.Insurance(q.insutype(), q.psnType(), fen(q.balance()), "371500")), accu, opsp, false);
    }

    /**
     * A random request, most of them fitting one of the policy's rules (its when's values), with
     * lines on catalogue codes (some priced above their cap), mapped local codes, unknown codes.
     */
    static SettlementModel.Request request(Random r, PolicyModel p, TsvModel.Catalog c, TsvModel.CodeMap m) {
        PolicyModel.Rule aim = p.rules().get(r.nextInt(p.rules().size()));
        boolean fit = r.nextInt(5) > 0;
        String insutype = fit && aim.when().insutype().isPresent() ? aim.when().insutype().get() : pick(r, PolicyModel.INSUTYPES);
        String psn = fit && aim.when().psnTypes().isPresent() ? pick(r, aim.when().psnTypes().get()) : pick(r, PolicyModel.PSN_TYPES);
        String med = fit && aim.when().medTypes().isPresent() ? pick(r, aim.when().medTypes().get()) : pick(r, PolicyModel.MED_TYPES);
        String hosp = fit && aim.when().hospLvs().isPresent() ? pick(r, aim.when().hospLvs().get()) : pick(r, PolicyModel.HOSP_LVS);
        String disease = r.nextInt(6) == 0 ? "" : aim.perDisease() && r.nextInt(4) > 0
                ? pick(r, List.copyOf(aim.diseases().keySet())) : pick(r, PolicyModel.DISEASES);
        var date = r.nextInt(4) == 0 ? p.effective().plusDays(r.nextInt(3) - 1)
                : TsvModel.ORIGIN.plusDays(r.nextInt(900));
        Map<String, SettlementModel.Ytd> ytd = new java.util.HashMap<>();
        for (String g : p.groups()) {
            if (r.nextBoolean()) ytd.put(g, ytd(r));
            for (String d : PolicyModel.DISEASES) if (r.nextInt(3) == 0) ytd.put(g + ":" + d, ytd(r));
        }
        Map<String, java.time.LocalDate[]> opsp = new java.util.HashMap<>();
        for (String d : PolicyModel.DISEASES) {
            if (r.nextInt(3) > 0) opsp.put(d, new java.time.LocalDate[] {date.minusDays(r.nextInt(3) * 30L - 10),
                    r.nextBoolean() ? null : date.plusDays(r.nextInt(3) - 1)});
        }
        List<SettlementModel.Line> lines = new ArrayList<>();
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) lines.add(line(r, c, m));
        return new SettlementModel.Request(insutype, psn, med, hosp, disease, r.nextBoolean(),
                BigDecimal.valueOf(r.nextInt(300_000), 2), ytd, opsp, date, lines);
    }

    private static SettlementModel.Line line(Random r, TsvModel.Catalog c, TsvModel.CodeMap m) {
        BigDecimal cnt = BigDecimal.valueOf(1 + r.nextInt(400), r.nextInt(3)).max(new BigDecimal("0.01"));
        BigDecimal pric = BigDecimal.valueOf(1 + r.nextInt(5_000_000), r.nextInt(5));
        int kind = r.nextInt(10);
        if (kind < 6) {
            TsvModel.CatRow row = c.rows().get(r.nextInt(c.rows().size()));
            if (row.cap() != null && r.nextBoolean()) pric = row.cap().add(BigDecimal.valueOf(r.nextInt(2_000) - 500, 2)).max(new BigDecimal("0.01"));
            return new SettlementModel.Line(row.code(), null, pric, cnt);
        }
        if (kind < 9 && !m.rows().isEmpty()) return new SettlementModel.Line(null, pick(r, m.locals()), pric, cnt);
        return r.nextBoolean() ? new SettlementModel.Line("XZ0000000000000000000", null, pric, cnt)
                : new SettlementModel.Line(null, "P9999", pric, cnt);
    }

    private static SettlementModel.Ytd ytd(Random r) {
        return new SettlementModel.Ytd(BigDecimal.valueOf(r.nextInt(60_000), 2), BigDecimal.valueOf(r.nextInt(700_000), 2),
                BigDecimal.valueOf(r.nextInt(500_000), 2));
    }

    private static String pick(Random r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }
}
