package org.yibao.drivers.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ScanFramerTest {
    private static final Charset GBK = Charset.forName("GBK");

    private static List<Frame> frames(ScanFramer framer, byte[]... chunks) {
        List<Frame> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            framer.feed(chunk, out::add);
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Frame scan(String text) {
        return new Frame.Scan(text);
    }

    private static ScanFramer utf8() {
        return new ScanFramer(StandardCharsets.UTF_8, "", 64);
    }

    @Test void halfACodeLeftLongerThanTheGapIsDroppedInsteadOfGluingOntoTheNextScan() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", 64, java.time.Duration.ofMillis(500));
        List<Frame> out = new ArrayList<>();
        long t = 1_000_000_000L;
        framer.feed(ascii("YBEC1.half"), 0, 10, t, out::add);
        framer.feed(ascii("YBEC1.aaa.bbb.ccc\r"), 0, 18, t + 600_000_000L, out::add);
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.STALE, 10), scan("YBEC1.aaa.bbb.ccc")), out);
    }

    @Test void aCodeArrivingInBurstsWithinTheGapIsOneScan() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", 64, java.time.Duration.ofMillis(500));
        List<Frame> out = new ArrayList<>();
        long t = 1_000_000_000L;
        framer.feed(ascii("YBEC1.aaa"), 0, 9, t, out::add);
        framer.feed(ascii(".bbb"), 0, 4, t + 400_000_000L, out::add);
        framer.feed(ascii(".ccc\r"), 0, 5, t + 800_000_000L, out::add);
        assertEquals(List.of(scan("YBEC1.aaa.bbb.ccc")), out, "the gap counts from the last byte, not the first");
    }

    @Test void anOverlongRunCutOffIsStaleToo() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", 16, java.time.Duration.ofMillis(500));
        List<Frame> out = new ArrayList<>();
        framer.feed(ascii("x".repeat(40)), 0, 40, 0, out::add);
        framer.feed(ascii("OK\r"), 0, 3, 2_000_000_000L, out::add);
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.STALE, 40), scan("OK")), out);
    }

    @Test void framesOnCrCrlfLfAndTab() {
        assertEquals(List.of(scan("A1"), scan("B2"), scan("C3"), scan("D4")),
                frames(utf8(), ascii("A1\rB2\r\nC3\tD4\n")));
    }

    @Test void crlfSplitAcrossReadsIsOneTerminator() {
        assertEquals(List.of(scan("A1"), scan("B2")), frames(utf8(), ascii("A1\r"), ascii("\nB2\r")));
    }

    @Test void aFrameSplitAcrossReadsIsJoined() {
        assertEquals(List.of(scan("YBEC1.abc")), frames(utf8(), ascii("YBEC"), ascii("1.a"), ascii("bc\r")));
    }

    @Test void stripsAimIdAndConfiguredPrefix() {
        assertEquals(List.of(scan("YBEC1.x"), scan("6901234567892")),
                frames(utf8(), ascii("]Q1YBEC1.x\r]E06901234567892\r")));
        ScanFramer prefixed = new ScanFramer(StandardCharsets.UTF_8, "SC:", 64);
        assertEquals(List.of(scan("YBEC1.x"), scan("plain")), frames(prefixed, ascii("SC:]Q1YBEC1.x\rplain\r")));
    }

    @Test void decodesChineseInTheConfiguredCharset() {
        assertEquals(List.of(scan("张三 医保")), frames(utf8(), "张三 医保\r".getBytes(StandardCharsets.UTF_8)));
        ScanFramer gbk = new ScanFramer(GBK, "", 64);
        assertEquals(List.of(scan("张三 医保")), frames(gbk, "张三 医保\r".getBytes(GBK)));
    }

    @Test void noiseIsReportedNotDelivered() {
        byte[] junk = {(byte) 0xFF, (byte) 0xFE, 0x00, 0x01, '\r'};
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.UNDECODABLE, 4)), frames(utf8(), junk));
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.BINARY, 3)), frames(utf8(), new byte[] {'A', 0x00, 0x1B, '\r'}));
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.EMPTY, 0), new Frame.Noise(Frame.Noise.Kind.EMPTY, 3)),
                frames(utf8(), ascii("\t]Q1\r")));
    }

    @Test void gbkBytesAreUndecodableForAUtf8Scanner() {
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.UNDECODABLE, 4)), frames(utf8(), "张三\r".getBytes(GBK)));
    }

    @Test void overLongFrameIsDroppedWholeAndTheNextOneIsIntact() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", 16);
        assertEquals(List.of(new Frame.Noise(Frame.Noise.Kind.TOO_LONG, 40), scan("OK")),
                frames(framer, ascii("x".repeat(40) + "\rOK\r")));
    }

    @Test void resetDropsAPartialFrame() {
        ScanFramer framer = utf8();
        frames(framer, ascii("STALE-PART"));
        framer.reset();
        assertEquals(List.of(scan("FRESH")), frames(framer, ascii("FRESH\r")));
    }

    @Property(tries = 300)
    void anyPrintableTextSurvivesAnyTerminatorAndChunking(@ForAll("texts") String text,
                                                          @ForAll("terminators") String terminator,
                                                          @ForAll @IntRange(min = 1, max = 7) int chunk,
                                                          @ForAll boolean gbk) {
        Charset charset = gbk ? GBK : StandardCharsets.UTF_8;
        byte[] bytes = ("]Q1" + text + terminator).getBytes(charset);
        ScanFramer framer = new ScanFramer(charset, "", 4096);
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) {
            framer.feed(bytes, i, Math.min(chunk, bytes.length - i), out::add);
        }
        assertEquals(List.of(scan(text)), out);
    }

    @Provide Arbitrary<String> texts() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.chars().range('!', '~'),
                Arbitraries.of('张', '三', '李', '医', '保', '药', '店', ' '));
        return chars.list().ofMinSize(1).ofMaxSize(80)
                .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat))
                .filter(s -> !s.isBlank() && !s.startsWith("]"));
    }

    @Provide Arbitrary<String> terminators() {
        return Arbitraries.of("\r", "\r\n", "\t", "\n");
    }
}
