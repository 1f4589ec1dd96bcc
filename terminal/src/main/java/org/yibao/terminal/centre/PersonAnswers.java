package org.yibao.terminal.centre;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * Answers {@link CentreServices#PERSON} requests as a centre does: the seeded person from the
 * {@link PersonDirectory} with the figures their accepted claims in the centre's store make
 * (see {@link PersonLedger}), so a balance paid from at the counter is lower the next time the
 * person is asked for, at any terminal.
 */
public final class PersonAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(PersonAnswers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The accepted claims of one person (claims only, not the control lane's messages), oldest first; the claim JSON is the terminal's (see
     * SettleEngine.claim). A stored payload that is not JSON (an earlier centre stored whatever
     * came) is left out: json_extract would fail the whole query on it, for every person, and
     * the CASE makes sure it is only called on valid JSON.
     */
    private static final String CLAIMS = """
            SELECT id, type, payload FROM centre_claim
             WHERE status = 'ACCEPTED' AND %s
               AND CASE WHEN json_valid(CAST(payload AS TEXT))
                        THEN json_extract(CAST(payload AS TEXT), '$.output.setlinfo.psn_no') END = ?
             ORDER BY arrival""".formatted(ClaimVerification.CLAIM_ROWS);

    private final PersonDirectory persons;
    private final SqliteDatabase db;

    public PersonAnswers(PersonDirectory persons, SqliteDatabase db) {
        this.persons = persons;
        this.db = db;
    }

    /** The answer to one request body; never throws on bad input. */
    public byte[] answer(byte[] request) {
        Optional<JsonNode> person = persons.find(PersonDirectory.query(request));
        if (person.isEmpty()) return persons.answer(request);
        ObjectNode output = person.get().deepCopy();
        try {
            ledger(output.path("baseinfo").path("psn_no").asText("")).applyTo(output);
        } catch (SQLException e) {
            LOG.error("reading the person's claims failed: {}", e.getMessage(), e);
            return PersonDirectory.failed("中心无法读取该人员的结算记录"); // no verdict on the person: the terminal uses its cache
        }
        return PersonDirectory.found(output);
    }

    private PersonLedger ledger(String psnNo) throws SQLException {
        return db.read(c -> {
            PersonLedger ledger = new PersonLedger();
            try (PreparedStatement select = c.prepareStatement(CLAIMS)) {
                select.setString(1, psnNo);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) count(ledger, r.getString(1), r.getString(2), r.getBytes(3));
                }
            }
            return ledger;
        });
    }

    private static void count(PersonLedger ledger, String id, String type, byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException | RuntimeException e) {
            return; // not JSON: left out of the figures, as ClaimReader leaves it out of the totals
        }
        ClaimReader.read(type, root).ifPresent(claim -> ledger.count(id, claim, root.path("output").get("term_accu_delta")));
    }
}
