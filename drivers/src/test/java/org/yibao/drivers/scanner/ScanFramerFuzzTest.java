package org.yibao.drivers.scanner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the scanner framer with arbitrary bytes, chunkings, charsets, prefixes and limits:
 * no exception may escape and every delivered scan must honour the framer's promises. In the
 * normal build it runs for 10 s in fuzzing mode (the module's surefire "fuzz" execution sets
 * JAZZER_FUZZ=1); a longer run: see the class comment in the final report / README.
 */
class ScanFramerFuzzTest {
    private static final Charset[] CHARSETS = {StandardCharsets.UTF_8, Charset.forName("GBK")};

    @FuzzTest(maxDuration = "10s")
    void framerNeverThrowsAndOnlyDeliversCleanScans(FuzzedDataProvider data) {
        Charset charset = CHARSETS[data.consumeInt(0, 1)];
        String prefix = data.consumeBoolean() ? data.consumeAsciiString(4) : "";
        int max = data.consumeInt(1, 300);
        ScanFramer framer = new ScanFramer(charset, prefix, max);
        int chunk = data.consumeInt(1, 64);
        byte[] stream = data.consumeRemainingAsBytes();
        for (int i = 0; i < stream.length; i += chunk) {
            framer.feed(stream, i, Math.min(chunk, stream.length - i), frame -> check(frame, max));
        }
    }

    private static void check(Frame frame, int max) {
        if (frame instanceof Frame.Scan(String text)) {
            assertFalse(text.isEmpty(), "empty scan delivered");
            assertTrue(text.length() <= max, "scan longer than the frame limit");
            assertTrue(text.chars().noneMatch(Character::isISOControl), "control character delivered");
        } else if (frame instanceof Frame.Noise(Frame.Noise.Kind kind, int bytes)) {
            assertTrue(kind != null && bytes >= 0, "noise without kind or with negative size");
        }
    }
}
