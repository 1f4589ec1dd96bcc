package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.domain.settlement.AccumulatorDelta;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.store.person.PersonStore;

/**
 * {@link PersonFigures#load} (what every settlement reads) gives the person exactly as the live
 * 1101 output {@link PersonFigures#liveOutput} shows them, after local settlements changed the
 * balance and the accumulators, including a group and year the centre's answer did not have.
 */
class PersonFiguresTest {

    @Test
    void aSettlementReadsTheFiguresThe1101OutputShows(@TempDir Path dir) throws Exception {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            PersonStore store = PersonStore.open(database);
            ObjectNode answer = (ObjectNode) Json.parse("""
                    {"baseinfo": {"psn_no": "P1", "psn_cert_type": "01", "certno": "371502199001011234", "psn_name": "张三"},
                     "insuinfo": [{"balc": 1000.00, "insutype": "310", "psn_type": "11", "insuplc_admdvs": "371500"},
                                  {"balc": 0, "insutype": "390", "psn_type": "21", "insuplc_admdvs": "371500"}],
                     "term_accuinfo": [{"year": 2026, "accu_group": "outpatient", "dedc_used": 200.00, "fund_paid": 0,
                                        "inscp_over_dedc": 0}],
                     "term_opspinfo": [{"opsp_dise_code": "M03900", "opsp_dise_name": "高血压", "begndate": "2026-01-01"}],
                     "term_source": "online"}
                    """, "person");
            store.remember(PersonJson.parse(answer), "", Json.write(answer), Instant.parse("2026-12-04T02:00:00Z"));
            database.inTransaction(tx -> {
                store.apply(tx, "P1", new AccumulatorDelta("outpatient", 2026, "310", 50_00, 123_45, 678_90, 31_66));
                store.apply(tx, "P1", new AccumulatorDelta("chronic:M03900", 2027, "310", 0, 10_00, 20_00, 5_00));
                return null;
            });
            PersonFigures figures = new PersonFigures(store);

            PersonSnapshot loaded = figures.load("P1").orElseThrow();
            PersonSnapshot shown = PersonJson.parse(figures.liveOutput(store.byPsnNo("P1").orElseThrow()));

            assertEquals(new PersonSnapshot(shown.psnNo(), shown.name(), shown.certno(), shown.insurances(),
                    shown.accumulators(), shown.opsp(), true), loaded);
            assertEquals(1000_00 - 31_66 - 5_00, loaded.insurance("310").orElseThrow().balance());
            assertEquals(250_00, loaded.accumulators("outpatient", 2026).dedcUsed());
            assertEquals(10_00, loaded.accumulators("chronic:M03900", 2027).fundPaid());
            assertTrue(figures.load("P2").isEmpty());
        }
    }
}
