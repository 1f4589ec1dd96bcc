package org.yibao.drivers.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The framer's limits exactly at their edges (a frame of exactly maxFrameBytes, a pause of
 * exactly the frame gap, an AIM id that is almost one), found unpinned by a mutation pass.
 */
class ScanFramerEdgesTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<Frame> frames(ScanFramer framer, String text) {
        List<Frame> out = new ArrayList<>();
        framer.feed(ascii(text), out::add);
        return out;
    }

    @Test
    void aFrameOfExactlyTheLimitIsAScanOneMoreIsTooLong() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", 8);
        assertEquals(List.of(new Frame.Scan("12345678")), frames(framer, "12345678\r"));
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.TOO_LONG, 9), new Frame.Scan("OK")), frames(framer, "123456789\rOK\r"));
        assertThrows(IllegalArgumentException.class, () -> new ScanFramer(StandardCharsets.UTF_8, "", 0));
        assertEquals(List.of(new Frame.Scan("1")), frames(new ScanFramer(StandardCharsets.UTF_8, "", 1), "1\r"));
    }

    @Test
    void aPauseOfExactlyTheGapKeepsThePartialFrame() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", 64, Duration.ofMillis(500));
        List<Frame> out = new ArrayList<>();
        framer.feed(ascii("AB"), 0, 2, 1_000_000_000L, out::add);
        framer.feed(ascii("CD\r"), 0, 3, 1_500_000_000L, out::add);
        assertEquals(List.of(new Frame.Scan("ABCD")), out, "500 ms after the last byte is not more than the 500 ms gap");
    }

    @Test
    void anEmptyReadJudgesNothingStale() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", 64, Duration.ofMillis(500));
        List<Frame> out = new ArrayList<>();
        framer.feed(ascii("AB"), 0, 2, 1_000_000_000L, out::add);
        framer.feed(new byte[0], 0, 0, 9_000_000_000L, out::add); // a read that timed out with nothing
        assertEquals(List.of(), out, "nothing arrived: nothing is judged stale");
    }

    @Test
    void anEmptyReadDoesNotRestartTheGap() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", 64, Duration.ofMillis(500));
        List<Frame> out = new ArrayList<>();
        framer.feed(ascii("AB"), 0, 2, 1_000_000_000L, out::add);
        framer.feed(new byte[0], 0, 0, 1_400_000_000L, out::add);
        framer.feed(ascii("CD\r"), 0, 3, 1_800_000_000L, out::add);
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.STALE, 2), new Frame.Scan("CD")), out,
                "the gap counts from the last byte that came, not from an empty read");
    }

    @Test
    void withoutAGapAPartialFrameWaitsAsLongAsItTakes() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", 64);
        List<Frame> out = new ArrayList<>();
        framer.feed(ascii("AB"), 0, 2, 0, out::add);
        framer.feed(ascii("CD\r"), 0, 3, Long.MAX_VALUE / 2, out::add);
        assertEquals(List.of(new Frame.Scan("ABCD")), out);
    }

    @Test
    void onlyAWholeAimIdIsStripped() {
        assertEquals("]Q", ScanFramer.stripAimId("]Q"), "too short to be one");
        assertEquals("", ScanFramer.stripAimId("]Q1"));
        assertEquals("]1Qcode", ScanFramer.stripAimId("]1Qcode"), "the symbology is a letter");
        assertEquals("]Q!code", ScanFramer.stripAimId("]Q!code"), "the modifier is a letter or digit");
        assertEquals("code", ScanFramer.stripAimId("]qzcode"), "lower-case letters count");
        assertEquals("code", ScanFramer.stripAimId("]Z9code"));
        assertEquals("code", ScanFramer.stripAimId("]A0code"));
        assertEquals("code", ScanFramer.stripAimId("]aAcode"));
        assertEquals("x]Q1code", ScanFramer.stripAimId("x]Q1code"), "only at the start");
        for (String near : new String[] {"]@1c", "][1c", "]`1c", "]{1c", "]Q/c", "]Q:c", "]Q@c", "]Q[c", "]Q`c", "]Q{c"}) {
            assertEquals(near, ScanFramer.stripAimId(near), near);
        }
    }

    @Test
    void aFormatCharacterOrReplacementCharacterMakesTheFrameBinary() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", 64);
        List<Frame> out = new ArrayList<>();
        framer.feed("A\u200BB\r".getBytes(StandardCharsets.UTF_8), out::add);
        framer.feed("A\uFFFDB\r".getBytes(StandardCharsets.UTF_8), out::add);
        framer.feed("A\u0085B\r".getBytes(StandardCharsets.UTF_8), out::add);
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.BINARY, 5), new Frame.Noise(Frame.Noise.Kind.BINARY, 5),
                new Frame.Noise(Frame.Noise.Kind.BINARY, 4)), out);
    }

    @Test
    void thePrefixIsStrippedOnlyFromTheStart() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "SC:", 64);
        assertEquals(List.of(new Frame.Scan("xSC:y")), frames(framer, "xSC:y\r"));
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.EMPTY, 3)), frames(framer, "SC:\r"));
    }
}
