package org.yibao.terminal.flow.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.SettlementHeader;
import org.yibao.terminal.api.json.SettlementJsonWriter;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.Purchase;
import org.yibao.terminal.domain.settlement.PurchaseLine;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.Settler;

/**
 * 2204's result[] carries "the same per-line split fields as detlcutinfo" (national-interface.md,
 * 2204): the same fields written the same way, so a host comparing 2204's row with 2206's
 * detlcutinfo row of the line finds them equal, also for a catalogue price cap written "10";
 * byte for byte as the 2206/2207 (and 2101) detlcutinfo writes them.
 */
class FeeSplitTest {
    private static final LocalDate DAY = LocalDate.of(2027, 1, 15);
    /** 甲类 with a price cap the catalogue file wrote without decimals: 10 yuan per unit. */
    private static final CatalogEntry CAPPED = new CatalogEntry("XA1", "capped", "101", ChargeLevel.A, "09",
            BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("10"), false, LocalDate.of(2024, 1, 1), null, "cat-1");

    private static final Catalog CATALOG = new Catalog() {
        @Override
        public Optional<CatalogEntry> find(String code, LocalDate date) {
            return code.equals(CAPPED.code()) ? Optional.of(CAPPED) : Optional.empty();
        }

        @Override
        public String version() {
            return "cat-1";
        }
    };

    private static final CodeMap NOTHING_MAPPED = new CodeMap() {
        @Override
        public Optional<String> nationalCode(String localCode, LocalDate date) {
            return Optional.empty();
        }

        @Override
        public String version() {
            return "map-1";
        }
    };

    @Test
    void aResultRowWritesThePriceCapAsDetlcutinfoDoesWithTwoDecimals() {
        Purchase purchase = new Purchase("P1", "310", "11", "11", "", false, OptionalLong.empty(),
                List.of(new PurchaseLine("1", "XA1", "", 1_200, new BigDecimal("12.00"), BigDecimal.ONE)));
        ArrayNode result = FeeSplit.of(purchase, CATALOG, NOTHING_MAPPED, DAY);
        JsonNode row = result.get(0);
        assertEquals("10.00", row.path("pric_uplmt_amt").decimalValue().toPlainString(), Json.write(row));
        assertEquals("2.00", row.path("overlmt_amt").decimalValue().toPlainString());
        assertEquals("10.00", row.path("inscp_scp_amt").decimalValue().toPlainString());
        assertEquals("0.0000", row.path("selfpay_prop").decimalValue().toPlainString());
    }

    private static final LocalDate DATE_B = LocalDate.of(2026, 3, 15);

    /** 乙类 0.05 / 0.10 with the price cap written "2.5" in the catalogue file (one decimal). */
    private static final Catalog CATALOG_B = new Catalog() {
        private final CatalogEntry row = new CatalogEntry("XB1", "XB1", "101", ChargeLevel.B, "09",
                new BigDecimal("0.05"), new BigDecimal("0.1"), new BigDecimal("2.5"), true,
                LocalDate.of(2024, 1, 1), null, "v1");

        @Override public Optional<CatalogEntry> find(String code, LocalDate date) {
            return code.equals("XB1") ? Optional.of(row) : Optional.empty();
        }

        @Override public String version() {
            return "v1";
        }
    };

    private static final CodeMap NO_MAP_B = new CodeMap() {
        @Override public Optional<String> nationalCode(String localCode, LocalDate date) {
            return Optional.empty();
        }

        @Override public String version() {
            return "m";
        }
    };

    @Test
    void eachLineIsWrittenAsDetlcutinfoWritesIt() {
        Purchase purchase = new Purchase("P1", "310", "12", "11", "", false, OptionalLong.empty(), List.of(
                new PurchaseLine("1", "XB1", "", 1000, new BigDecimal("3.3333"), new BigDecimal("3")),
                new PurchaseLine("2", "", "L-NONE", 500, new BigDecimal("5"), new BigDecimal("1"))));
        JsonNode uploaded = FeeSplit.of(purchase, CATALOG_B, NO_MAP_B, DATE_B);
        Settlement s = switch (new Settler(Fixtures.examplePolicy(), CATALOG_B, NO_MAP_B, "1").settle(purchase,
                Fixtures.person("310", "12", "0"), DATE_B)) {
            case Outcome.Ok<Settlement> ok -> ok.value();
            case Outcome.Refused<Settlement> r -> throw new AssertionError(r.refusal().errMsg());
        };
        JsonNode settled = new SettlementJsonWriter(SettlementJsonWriter.Options.API).write(s,
                new SettlementHeader(Optional.empty(), "M1", "P1", "张三", DATE_B.atStartOfDay(), "02", "msg", "371500"))
                .get("detlcutinfo");
        assertEquals(Json.write(settled), Json.write(uploaded));
    }
}
