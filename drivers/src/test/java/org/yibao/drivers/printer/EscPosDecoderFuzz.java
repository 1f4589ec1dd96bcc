package org.yibao.drivers.printer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the ESC/POS decoder with junk and the encoder/decoder pair with arbitrary text. Named
 * so that it is not picked up by the default surefire run (Jazzer loads an agent into the test JVM and fuzzes
 * one test per JVM; the jqwik property in EscPosDecoderTest covers junk there); a coverage-guided run
 * (30 s): {@code JAZZER_FUZZ=1 mvn -pl drivers test-compile surefire:test@default-test -Dtest=EscPosDecoderFuzz}.
 */
class EscPosDecoderFuzz {

    @FuzzTest(maxDuration = "30s")
    void decoderIsTotalAndEncodedTextRoundTrips(FuzzedDataProvider data) {
        String text = data.consumeString(80);
        ReceiptDocument doc = ReceiptDocument.builder().line(text).cut().build();
        DecodedReceipt roundTrip = EscPosDecoder.decode(EscPosEncoder.encode(doc));
        String cleaned = ((ReceiptDocument.Text) doc.elements().getFirst()).text();
        if (!hasLoneSurrogate(cleaned)) {
            assertEquals(List.of(cleaned), roundTrip.lines());
            assertEquals(List.of(), roundTrip.notes());
        }
        assertEquals(1, roundTrip.cuts());

        DecodedReceipt junk = EscPosDecoder.decode(data.consumeRemainingAsBytes());
        assertNotNull(junk.transcript());
        assertTrue(junk.notes().size() <= 101, "notes are bounded");
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) return true;
            if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) return true;
        }
        return false;
    }
}
