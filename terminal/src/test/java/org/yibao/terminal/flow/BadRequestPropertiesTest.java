package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.flow.ValidRequests.LineSpec;
import org.yibao.terminal.flow.ValidRequests.Valid;

/**
 * Bad requests to the local API, from the contract (spec/national-interface.md: "Envelope",
 * "General rules", the inputs of 2101/2102/2103, 2201, 2204, 2206/2207/2208 and 3201). Each try takes a
 * valid request of the employee, written in any of the forms the contract allows (amounts as
 * numbers or strings, empty numbers "", feedetl_sn with leading zeros or as a number, codes as
 * numbers), and sends it once with each of a sample of faults ({@link EnvelopeFaults},
 * {@link InputFaults}): ONE fault per request, one of each refusal code the transaction can
 * get. Each must be refused: infcode -1, the fault's term_errcode, an err_msg in Chinese naming
 * the field, no English from the parser or the JVM, no output; and nothing on the terminal
 * changes: no commit to its SQLite file after any of them (data_version), and every table, row
 * for row, as it was before the first. They all go under one msgid: a
 * refusal is not recorded (CallService), so it does not use the msgid up, and the valid request
 * sent last under it must succeed - which is also the control that the faults alone were refused.
 * Offline, one terminal for the whole run (its operators' passwords take seconds to hash).
 */
class BadRequestPropertiesTest {
    /** Prose the parser, the JVM or a stack of frames would write: never in an err_msg shown to a cashier. */
    private static final Pattern ENGLISH = Pattern.compile(
            "(?i)exception|unexpected|unrecognized|cannot|source:|line: |column: |java\\.|fasterxml|must be|invalid|error|\\bat \\[");
    private static final Pattern CHINESE = Pattern.compile("\\p{IsHan}");

    private static Path dir;
    private static FlowRig rig;

    @BeforeContainer
    static void openTerminal() throws Exception {
        dir = Files.createTempDirectory("bad-requests");
        rig = FlowRig.offline(dir);
        rig.seed(FlowRig.employee());
    }

    @AfterContainer
    static void closeTerminal() throws Exception {
        rig.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void badRequestsAreRefusedPreciselyChangeNothingAndLeaveTheirMsgidFree(@ForAll("infnos") String infno,
            @ForAll("lines") List<LineSpec> lines, @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Valid valid = new ValidRequests(rig, random).of(infno, lines);
        String msgid = rig.nextMsgid();
        ObjectNode envelope = rig.envelope(infno, msgid, valid.input());
        codesAsNumbers(envelope, random);
        Statistics.label("infno").collect(infno);
        List<RequestFault> faults = onePerCode(valid, random);
        String before = snapshot();
        for (RequestFault fault : faults) refusedAndNothingCommitted(envelope, fault, msgid);
        assertEquals(before, snapshot(), "the terminal changed for one of the refused requests: " + faults);

        JsonNode ok = Json.parse(rig.raw(envelope), "answer");
        assertEquals(0, ok.path("infcode").asInt(-2), "the valid request, under the msgid of the refused ones: " + ok);
    }

    /**
     * {@code fault} applied to the valid {@code envelope}: refused as the fault says, with no
     * commit to the terminal's database (SQLite's data_version, as another connection sees it),
     * and the msgid not taken.
     */
    private static void refusedAndNothingCommitted(ObjectNode envelope, RequestFault fault, String msgid) throws Exception {
        byte[] body = fault.apply(envelope);
        String context = fault + "\nrequest: " + shown(body);
        long version = dataVersion();
        JsonNode answer = Json.parse(rig.api.service().call(body), "answer");
        refused(answer, fault, context);
        assertEquals(version, dataVersion(), "a commit for a refused request: " + context);
        assertEquals(0, rig.scalar("SELECT count(*) FROM idempotent_reply WHERE msgid = '" + msgid + "'"), context);
    }

    /** SQLite's data_version on the query-only connection: it moves whenever the terminal's writer commits. */
    private static long dataVersion() throws Exception {
        return rig.db.readCommitted(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA data_version")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /**
     * For each refusal code the faults of {@code valid} can get, one fault of that code: each
     * request carries one fault, and a code with few faults (1306, 1026) is tried as often as
     * one with many (1022).
     */
    private static List<RequestFault> onePerCode(Valid valid, Random random) {
        Map<String, List<RequestFault>> byCode = new TreeMap<>();
        for (RequestFault f : EnvelopeFaults.all(random)) byCode.computeIfAbsent(f.code(), k -> new ArrayList<>()).add(f);
        for (RequestFault f : InputFaults.of(valid, random)) byCode.computeIfAbsent(f.code(), k -> new ArrayList<>()).add(f);
        List<RequestFault> picked = new ArrayList<>();
        for (List<RequestFault> ofCode : byCode.values()) picked.add(ofCode.get(random.nextInt(ofCode.size())));
        return picked;
    }

    @Provide
    Arbitrary<String> infnos() {
        return Arbitraries.of(ValidRequests.INFNOS);
    }

    @Provide
    Arbitrary<List<LineSpec>> lines() {
        Arbitrary<LineSpec> line = Combinators.combine(Arbitraries.integers().between(0, ValidRequests.codes() - 1),
                Arbitraries.integers().between(0, ValidRequests.prices() - 1),
                Arbitraries.integers().between(0, ValidRequests.counts() - 1),
                Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true))).as(LineSpec::new);
        return line.list().ofMinSize(1).ofMaxSize(3);
    }

    /** infno and opter_type as whole JSON numbers, as the terminal takes codes (a valid form, not a fault). */
    private static void codesAsNumbers(ObjectNode envelope, Random random) {
        if (random.nextInt(4) == 0) envelope.put("infno", Integer.parseInt(envelope.get("infno").asText()));
        if (random.nextInt(4) == 0) envelope.put("opter_type", 1);
    }

    private static void refused(JsonNode answer, RequestFault fault, String context) {
        assertEquals(-1, answer.path("infcode").asInt(), "not refused: " + answer + "\n" + context);
        assertEquals(fault.code(), answer.path("term_errcode").asText(), "the code: " + answer + "\n" + context);
        String errMsg = answer.path("err_msg").asText();
        assertTrue(CHINESE.matcher(errMsg).find(), "err_msg in Chinese: " + answer + "\n" + context);
        assertTrue(errMsg.contains(fault.mentions()), "err_msg names " + fault.mentions() + ": " + errMsg + "\n" + context);
        assertFalse(ENGLISH.matcher(errMsg).find(), "err_msg without the parser's English: " + errMsg + "\n" + context);
        assertEquals(0, answer.path("output").size(), "no output: " + answer + "\n" + context);
    }

    /** Every table of the terminal's SQLite file, row for row, as one comparable text. */
    private static String snapshot() throws Exception {
        return rig.db.read(c -> {
            List<String> tables = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (r.next()) tables.add(r.getString(1));
            }
            StringBuilder out = new StringBuilder();
            for (String table : tables) out.append(table).append('=').append(digest(c, table)).append('\n');
            return out.toString();
        });
    }

    /** The table's row count and a digest of its rows, sorted (a table may have no rowid). */
    private static String digest(java.sql.Connection c, String table) throws java.sql.SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) row.append(r.getString(i)).append('\u0000');
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(String.join("\n", rows).getBytes(StandardCharsets.UTF_8));
            return rows.size() + ":" + HexFormat.of().formatHex(sha);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shown(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 1500 ? text : text.substring(0, 1500) + "…";
    }
}
