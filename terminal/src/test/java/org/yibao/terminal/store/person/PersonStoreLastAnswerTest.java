package org.yibao.terminal.store.person;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.store.settlement.SettlementStore;

/**
 * An ID number the centre has since given another psn_no finds the person the centre answered
 * last, also when both answers fall in one second, one of them on the whole second (whose
 * {@code Instant.toString()} has no fraction and so sorted as text above the later one).
 */
class PersonStoreLastAnswerTest {
    private static final String CERTNO = "37150219901231777X";
    private static final Instant WHOLE_SECOND = Instant.parse("2026-01-10T02:00:00Z");

    @TempDir Path dir;

    @Test
    void theLaterAnswerInTheSameSecondIsFound() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            PersonStore persons = PersonStore.open(db);
            SettlementStore.open(db);
            remember(persons, "P-OLD", WHOLE_SECOND);
            remember(persons, "P-NEW", WHOLE_SECOND.plusMillis(500));

            assertEquals("P-NEW", persons.byCertno(CERTNO).orElseThrow().psnNo());
            assertEquals("P-NEW", persons.byCertno(CERTNO.toLowerCase()).orElseThrow().psnNo(), "the X in either case");
        }
    }

    @Test
    void aLaterWholeSecondIsFoundAboveAnEarlierFraction() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            PersonStore persons = PersonStore.open(db);
            SettlementStore.open(db);
            remember(persons, "P-NEW", WHOLE_SECOND.plusSeconds(1));
            remember(persons, "P-OLD", WHOLE_SECOND.plusMillis(999));

            assertEquals("P-NEW", persons.byCertno(CERTNO).orElseThrow().psnNo());
            assertEquals(WHOLE_SECOND.plusSeconds(1), persons.byCertno(CERTNO).orElseThrow().syncedAt());
        }
    }

    private static void remember(PersonStore persons, String psnNo, Instant syncedAt) throws Exception {
        ObjectNode answer = (ObjectNode) Json.parse("""
                {"baseinfo": {"psn_no": "%s", "psn_cert_type": "01", "certno": "%s", "psn_name": "张三"},
                 "insuinfo": [{"balc": 10.00, "insutype": "310", "psn_type": "11", "insuplc_admdvs": "371502"}],
                 "term_accuinfo": []}
                """.formatted(psnNo, CERTNO), "person");
        persons.remember(PersonJson.parse(answer), "", Json.write(answer), syncedAt);
    }
}
