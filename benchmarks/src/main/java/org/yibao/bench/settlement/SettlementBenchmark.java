package org.yibao.bench.settlement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.yibao.terminal.api.json.SettlementHeader;
import org.yibao.terminal.api.json.SettlementJsonWriter;
import org.yibao.terminal.catalog.CatalogFiles;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.settlement.Accumulators;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.domain.settlement.Purchase;
import org.yibao.terminal.domain.settlement.PurchaseLine;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.Settler;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * One 20-line pharmacy settlement (2101 arithmetic) under the spec's example policy, against a
 * catalogue and 对照 map read by the real TSV reader: 甲/乙/丙 lines, price caps, half of the
 * lines through local codes, a purchase crossing a segment bound, the account paying. Goal:
 * under 20 µs per settlement on one core. {@code settleAndWrite} adds the 2101 JSON output tree.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SettlementBenchmark {
    private static final LocalDate DATE = LocalDate.of(2026, 3, 15);
    private static final int LINES = 20;

    private Settler settler;
    private Purchase purchase;
    private PersonSnapshot person;
    private SettlementJsonWriter writer;
    private SettlementHeader header;

    @Setup
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("settle-bench");
        Path catalog = Files.writeString(dir.resolve("catalog.tsv"), catalogTsv(), StandardCharsets.UTF_8);
        Path codeMap = Files.writeString(dir.resolve("codemap.tsv"), codeMapTsv(), StandardCharsets.UTF_8);
        Catalog cat = CatalogFiles.readCatalog(catalog);
        CodeMap map = CatalogFiles.readCodeMap(codeMap);
        settler = new Settler(PolicyLoader.parse(resource("/examples/policy.yaml"), "policy.yaml"), cat, map, "pharmacy");
        purchase = new Purchase("P1", "310", "11", "41", "", true, OptionalLong.empty(), lines());
        person = new PersonSnapshot("P1", "张三丰", "", List.of(new PersonSnapshot.Insurance("310", "11", 500_000, "371500")),
                List.of(new PersonSnapshot.YearAccumulators(2026, "outpatient", new Accumulators(15_000, 12_000, 190_000))),
                List.of(), false);
        writer = new SettlementJsonWriter(SettlementJsonWriter.Options.API);
        header = new SettlementHeader(Optional.empty(), "", "P1", "张三丰", DATE.atStartOfDay(), "02",
                "H37150200001202603151030000001", "371500");
        Files.delete(catalog);
        Files.delete(codeMap);
        Files.delete(dir);
        if (!(settle() instanceof Outcome.Ok<Settlement>)) throw new IllegalStateException("benchmark purchase refused");
    }

    private static String code(int i) {
        return "XB%019d".formatted(i);
    }

    /** 20 codes: every 4th 甲, every 5th 丙, the rest 乙; every 3rd has a price cap. */
    private static String catalogTsv() {
        StringBuilder sb = new StringBuilder("med_list_codg\tmed_list_name\tlist_type\tchrgitm_lv\tmed_chrgitm_type\t"
                + "selfpay_prop_310\tselfpay_prop_390\tpric_uplmt_amt\tlmt_used_flag\tbegndate\tenddate\tver\n");
        for (int i = 0; i < LINES; i++) {
            String lv = i % 4 == 0 ? "01" : i % 5 == 0 ? "03" : "02";
            String prop = lv.equals("01") ? "0" : lv.equals("03") ? "1" : "0.1";
            String cap = i % 3 == 0 ? "9.50" : "null";
            sb.append(String.join("\t", code(i), "药品" + i, "101", lv, "09", prop, prop, cap, "0",
                    "2024-01-01", "null", "2026.02")).append('\n');
        }
        return sb.toString();
    }

    private static String codeMapTsv() {
        StringBuilder sb = new StringBuilder("fixmedins_hilist_id\tfixmedins_hilist_name\tlist_type\tmed_list_codg\tbegndate\tenddate\n");
        for (int i = 0; i < LINES; i++) {
            sb.append(String.join("\t", "L" + i, "本地" + i, "101", code(i), "2024-01-01", "null")).append('\n');
        }
        return sb.toString();
    }

    private static List<PurchaseLine> lines() {
        List<PurchaseLine> lines = new ArrayList<>(LINES);
        for (int i = 0; i < LINES; i++) {
            BigDecimal pric = new BigDecimal("10.345").add(BigDecimal.valueOf(i, 1));
            BigDecimal cnt = BigDecimal.valueOf(1 + i % 3);
            long amount = Fen.roundYuan(pric.multiply(cnt));
            boolean local = i % 2 == 1;
            lines.add(new PurchaseLine(String.valueOf(i + 1), local ? "" : code(i), local ? "L" + i : "",
                    amount, pric, cnt));
        }
        return lines;
    }

    private static String resource(String name) {
        try (InputStream in = SettlementBenchmark.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public Outcome<Settlement> settle() {
        return settler.settle(purchase, person, DATE);
    }

    @Benchmark
    public Object settleAndWrite() {
        return settler.settle(purchase, person, DATE) instanceof Outcome.Ok<Settlement> ok
                ? writer.write(ok.value(), header) : null;
    }
}
