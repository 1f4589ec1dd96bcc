package org.yibao.terminal.store.person;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.domain.settlement.AccumulatorDelta;

/**
 * {@link PersonStore#remember} lays the local settlements and reversals the centre has not
 * counted yet on the centre's figures as one net change, so a reversal whose claim reaches the
 * centre after a later settlement's (claims are ordered per settlement only) gives back exactly
 * what it took: the balance is never floored at zero half way and then paid back on top
 * (spec: "balance -= acct_pay. A reversal subtracts exactly these").
 */
class PersonStoreCentreFiguresTest {
    private static final Instant SYNCED = Instant.parse("2026-12-06T08:40:00Z");

    /** Settlement A (account 65.00) reversed, then C drained the account: the centre holds A and B only. */
    private static final AccumulatorDelta A = new AccumulatorDelta("outpatient", 2026, "310", 50_00, 35_00, 50_00, 65_00);
    private static final AccumulatorDelta C = new AccumulatorDelta("outpatient", 2026, "310", 50_00, 2815_00, 4950_00, 1465_00);

    private static long remembered(Path dir, String balc, List<AccumulatorDelta> settled, List<AccumulatorDelta> reversed)
            throws Exception {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            PersonStore store = PersonStore.open(database);
            ObjectNode answer = (ObjectNode) Json.parse("""
                    {"baseinfo": {"psn_no": "P1", "psn_cert_type": "01", "certno": "371502199001011234", "psn_name": "张三"},
                     "insuinfo": [{"balc": %s, "insutype": "310", "psn_type": "11", "insuplc_admdvs": "371502"}],
                     "term_accuinfo": [{"year": 2026, "accu_group": "outpatient", "dedc_used": 200.00, "fund_paid": 220.00,
                                        "inscp_over_dedc": 2050.00}]}
                    """.formatted(balc), "person");
            store.remember(PersonJson.parse(answer), "", Json.write(answer), SYNCED, settled, reversed);
            return store.balance("P1", "310").orElseThrow();
        }
    }

    @Test
    void aReversalTheCentreHasNotCountedGivesBackExactlyWhatALaterSettlementLeft(@TempDir Path dir) throws Exception {
        // 1500.00 - A 65.00 - B 35.00 = 1400.00 at the centre; locally C took 1465.00 after A's reversal gave 65.00 back.
        assertEquals(0, remembered(dir, "1400.00", List.of(C), List.of(A)),
                "1400.00 - 1465.00 + 65.00 is 0.00, not 65.00 the account never had");
    }

    @Test
    void theNetChangeIsStillFlooredAtZero(@TempDir Path dir) throws Exception {
        // The account spent elsewhere meanwhile: 1000.00 - 1465.00 + 65.00 is below zero, left at zero.
        assertEquals(0, remembered(dir, "1000.00", List.of(C), List.of(A)));
    }

    @Test
    void withoutAFloorTheOrderNeverMattered(@TempDir Path dir) throws Exception {
        assertEquals(1500_00 - 1465_00 + 65_00, remembered(dir, "1500.00", List.of(C), List.of(A)));
    }
}
