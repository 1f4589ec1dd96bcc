package org.yibao.terminal.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.money.Fen;

/**
 * The typed field readers every input goes through, at their edges: the largest amount, price
 * and count accepted and the next one refused, decimals kept as sent up to the maximum scale,
 * trailing zeros past it forgiven, a password taken exactly as typed, times read to their value,
 * and long values cut for the cashier at exactly 32 characters.
 */
class JsonFieldsTest {
    private static JsonNode object(String members) {
        return Json.parse("{" + members + "}", "t");
    }

    private static RefusedException refused(Runnable read) {
        return assertThrows(RefusedException.class, read::run);
    }

    /** Fen.MAX (99 999 999 999.99 yuan) is "the largest amount accepted anywhere"; one fen more is 1030. */
    @Test void theLargestAmountIsAcceptedAndOneFenMoreIsOutOfRange() {
        assertEquals(Fen.MAX, JsonFields.amount(object("\"a\":99999999999.99"), "a", "p"));
        assertEquals(Fen.MAX, JsonFields.amount(object("\"a\":\"99999999999.99\""), "a", "p"));
        assertEquals(-Fen.MAX, JsonFields.signedAmount(object("\"a\":-99999999999.99"), "a", "p"));
        RefusedException over = refused(() -> JsonFields.amount(object("\"a\":100000000000.00"), "a", "p"));
        assertEquals("1030", over.refusal().reason().code());
        assertEquals("p.a", over.refusal().detail());
        assertEquals("1030", refused(() -> JsonFields.signedAmount(object("\"a\":\"-100000000000\""), "a", "p"))
                .refusal().reason().code());
    }

    @Test void theLargestPriceOrCountIsAcceptedAndAnythingAboveIsOutOfRange() {
        assertEquals("9999999999999", JsonFields.requiredDecimal(object("\"cnt\":9999999999999"), "cnt", "p", 4)
                .toPlainString());
        RefusedException over = refused(() -> JsonFields.requiredDecimal(object("\"cnt\":9999999999999.0001"), "cnt", "p", 4));
        assertEquals("1030", over.refusal().reason().code());
        assertEquals("p.cnt", over.refusal().detail());
    }

    /** A price keeps the decimals it was sent with, up to 6 (a count up to 4): detlcutinfo echoes it so. */
    @ParameterizedTest(name = "{0} (scale {1}) -> {2}")
    @CsvSource({
        "3.414280,   6, 3.414280",
        "\"3.414280\", 6, 3.414280",
        "1.5000,     4, 1.5000",
        "0.000000,   6, 0.000000",
        "\"0.00\",   6, 0.00",
        "0.0000,     4, 0.0000",
        "0,          6, 0",
        "0.0000000,  6, 0",
        "1.50000000, 6, 1.5",
        "\"2.5000000\", 4, 2.5",
        "2E+1,       6, 20"})
    void aDecimalKeepsItsScaleUpToTheMaximumAndDropsOnlyZerosPastIt(String sent, int maxScale, String read) {
        assertEquals(read, JsonFields.requiredDecimal(object("\"pric\":" + sent), "pric", "p", maxScale).toPlainString());
    }

    /** Zeros past the second decimal are no decimals: 1.500 yuan is 150 fen; 1.501 is refused. */
    @Test void anAmountWithTrailingZerosPastTheSecondDecimalIsItsValue() {
        assertEquals(150, JsonFields.amount(object("\"a\":1.500"), "a", "p"));
        assertEquals(150, JsonFields.amount(object("\"a\":\"1.5000000\""), "a", "p"));
        assertEquals("1023", refused(() -> JsonFields.amount(object("\"a\":1.501"), "a", "p")).refusal().reason().code());
    }

    /** A password is taken exactly as typed: spaces kept, a number is not a password, empty is missing. */
    @Test void aSecretIsExactlyAsSent() {
        assertEquals(" pw 1 ", JsonFields.secret(object("\"password\":\" pw 1 \""), "password", "input.signIn"));
        RefusedException number = refused(() -> JsonFields.secret(object("\"password\":123456"), "password", "input.signIn"));
        assertEquals("1022", number.refusal().reason().code());
        assertEquals("input.signIn.password 应为字符串", number.refusal().detail());
        for (String members : new String[] {"", "\"password\":null", "\"password\":\"\""}) {
            RefusedException missing = refused(() -> JsonFields.secret(object(members), "password", "input.signIn"));
            assertEquals("1021", missing.refusal().reason().code(), members);
            assertEquals("input.signIn.password", missing.refusal().detail(), members);
        }
        assertEquals("1022", refused(() -> JsonFields.secret(object("\"password\":[\"x\"]"), "password", "p"))
                .refusal().reason().code());
    }

    @Test void aTimeIsReadToItsValue() {
        assertEquals(Optional.of(LocalDateTime.of(2026, 3, 15, 10, 30, 5)),
                DrugRequestJson.time(object("\"begntime\":\" 2026-03-15 10:30:05 \""), "begntime", "input.data"));
        assertEquals(Optional.empty(), DrugRequestJson.time(object("\"begntime\":\"\""), "begntime", "input.data"));
        assertEquals(Optional.empty(), DrugRequestJson.time(object(""), "begntime", "input.data"));
    }

    /** err_msg is shown to a cashier: a value of 32 characters is shown whole, a longer one cut to 32 and "…". */
    @Test void aValueIsShownWholeUpTo32Characters() {
        String exactly32 = "9".repeat(32);
        RefusedException whole = refused(() -> DrugRequestJson.mdtrtCertType(
                object("\"mdtrt_cert_type\":\"" + exactly32 + "\""), "input.data"));
        assertEquals("input.data.mdtrt_cert_type 应为 01、02 或 03：" + exactly32, whole.refusal().detail());
        RefusedException cut = refused(() -> DrugRequestJson.mdtrtCertType(
                object("\"mdtrt_cert_type\":\"" + exactly32 + "8\""), "input.data"));
        assertEquals("input.data.mdtrt_cert_type 应为 01、02 或 03：" + exactly32 + "…", cut.refusal().detail());
    }

    @Test void textTakesAWholeNumberAsItsDigitsAndRefusesAnyOtherNonText() {
        assertEquals("371502", JsonFields.text(object("\"a\":371502"), "a", "p"));
        assertEquals("x", JsonFields.text(object("\"a\":\" x \""), "a", "p"));
        assertEquals("1022", refused(() -> JsonFields.text(object("\"a\":1.5"), "a", "p")).refusal().reason().code());
        assertEquals("p.a 应为字符串", refused(() -> JsonFields.text(object("\"a\":false"), "a", "p")).refusal().detail());
    }
}
