package org.yibao.terminal.centre;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The person service when the centre cannot read its own claims: that is the centre failing,
 * not a verdict on the person. A "not found" would make the terminal refuse a person it knows
 * (1356 中心拒绝了人员信息查询); an error answer lets it use its cache, as when no answer came.
 */
class PersonAnswersTest {
    @TempDir Path dir;

    @Test
    void aCentreThatCannotReadItsClaimsAnswersAnErrorNotThatThePersonIsUnknown() throws Exception {
        Path persons = dir.resolve("persons.json");
        try (InputStream in = getClass().getResourceAsStream("/demo/persons.json")) {
            Files.write(persons, in.readAllBytes());
        }
        try (SqliteDatabase notTheCentres = SqliteDatabase.open(dir.resolve("empty.db"))) { // no centre_claim table: reading fails
            byte[] answer = new PersonAnswers(PersonDirectory.load(persons), notTheCentres)
                    .answer("{\"psn_no\":\"37150000000000000001\"}".getBytes(UTF_8));
            JsonNode json = new ObjectMapper().readTree(answer);
            assertFalse(json.has("found"), "a verdict on the person: " + json);
            assertTrue(json.path("error").asText().startsWith("中心"), json.toString());
        }
    }
}
