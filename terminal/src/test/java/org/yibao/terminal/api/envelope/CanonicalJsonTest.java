package org.yibao.terminal.api.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The request fingerprint the msgid store keeps beside each answer: a retry of a msgid is
 * answered from the store only when its fingerprint is the one stored. So the canonical text is
 * exact (every key, every character escaped, so two different requests never share it) and
 * stable across versions of the terminal (a host retrying a 2102 across an upgrade must get its
 * answer back, not 1009 and a second settlement under a new msgid).
 */
class CanonicalJsonTest {
    private final EnvelopeParser parser = new EnvelopeParser();

    private JsonNode tree(String json) throws Exception {
        return parser.mapper().readTree(json);
    }

    private static String sha256(String canonical) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    @Test void theCanonicalTextSortsKeysDropsSpacingAndEscapesQuotesBackslashesAndControlCharacters() throws Exception {
        JsonNode root = tree("""
                { "b" : [ 1, "x", {"z": null, "a": true} ], "inf_time": "2026-03-02 09:00:00",
                  "a": "q\\"b\\\\c\\u0001 d\\u001f张", "n": {"inf_time": "kept below the top"}, "e": [], "o": {} }""");
        String canonical = "{\"a\":\"q\\\"b\\\\c\\u0001 d\\u001f张\",\"b\":[1,\"x\",{\"a\":true,\"z\":null}],\"e\":[],"
                + "\"n\":{\"inf_time\":\"kept below the top\"},\"o\":{}}";
        assertEquals(sha256(canonical), CanonicalJson.sha256(root, Set.of("inf_time")));
    }

    /** With quotes written raw, both would be {"k":"a","m":"b"}: one request could be answered with the other's answer. */
    @Test void aValueThatLooksLikeJsonNeverSharesAFingerprintWithTheJsonItLooksLike() throws Exception {
        JsonNode inOneValue = tree("{\"k\":\"a\\\",\\\"m\\\":\\\"b\"}");
        JsonNode twoKeys = tree("{\"k\":\"a\",\"m\":\"b\"}");
        assertNotEquals(CanonicalJson.sha256(inOneValue, Set.of()), CanonicalJson.sha256(twoKeys, Set.of()));
        JsonNode backslashed = tree("{\"k\":\"a\\\\\",\"m\":\"b\"}");
        JsonNode quoteInKey = tree("{\"k\":\"a\\\\\\\",\\\"m\\\":\\\"b\"}");
        assertNotEquals(CanonicalJson.sha256(backslashed, Set.of()), CanonicalJson.sha256(quoteInKey, Set.of()));
    }

    /**
     * Fingerprints as the terminal has always computed them (the hashes below are those of the
     * release before this test): numbers with trailing zeros, exponents, zeros and huge values
     * included. A change here turns every retry across an upgrade into 1009.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"drugdetail\":[{\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":40.00,\"cnt\":2.00,\"pric\":20.00}]}"
            + " | c6ab47fa884f66e5252cd06f3f475830783379076e4ec4287da3aa5c91ccfbbd"
            + " | 90ba34d88086177a8492c29513c3e866c1f2cf5160a15272cb68744005e00078",
        "{\"drugdetail\":[{\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":40,\"cnt\":2,\"pric\":20}]}"
            + " | baad56249efefdb19db834412ec9957fc0bf3c0a3682a43eed71517cb9cf41a0"
            + " | 5ac6e9af847636604ef444c2e153def97f46e50437871f33694a138c4a07f394",
        "{\"a\":0.00,\"b\":-0.0,\"c\":1.50,\"d\":1e2,\"e\":1.000E+3,\"f\":0e-999999999,\"g\":100E+2147483647,"
            + "\"h\":10E+2147483647,\"i\":12345678901234567890123,\"j\":-7.10}"
            + " | fd870431384fae41618e673691b2754a47c08c11ab3e08064a6cfafca3c369bc"
            + " | a6d581418840134983652ecbc610c427f82974aea8be76a26fea00699e8673cb"})
    void theFingerprintsOfARequestStayWhatTheyWere(String input, String requestHash, String anySessionHash) {
        String body = "{\"infno\":\"2101\",\"msgid\":\"" + Envelopes.msgid(1) + "\",\"opter_type\":\"1\",\"opter\":\"C001\","
                + "\"inf_time\":\"2026-03-02 09:00:00\",\"fixmedins_code\":\"" + Envelopes.FIXMEDINS + "\","
                + "\"sign_no\":\"S1\",\"input\":" + input + "}";
        ParsedRequest request = assertInstanceOf(ParseOutcome.Parsed.class,
                parser.parse(body.getBytes(StandardCharsets.UTF_8))).request();
        assertEquals(requestHash, request.requestHash());
        assertEquals(anySessionHash, request.anySessionHash());
    }
}
