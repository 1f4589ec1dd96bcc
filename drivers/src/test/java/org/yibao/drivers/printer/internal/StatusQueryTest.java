package org.yibao.drivers.printer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.printer.PrinterStatus;

/**
 * The real-time status conversation (DLE EOT 1, then 2 when offline, else 4) against a scripted
 * link, in process: each status bit and the "bits 1 and 4 set, 0 and 7 clear" validity rule at
 * its edges. The socket and serial tests run it end to end but only for the states their peer
 * plays; a mutation pass found the bit tests and the validity mask otherwise unpinned.
 */
class StatusQueryTest {

    /** A printer whose answers are scripted; -1 is "no answer within the timeout". */
    private static final class Scripted implements PrinterLink {
        final Deque<Integer> answers = new ArrayDeque<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        Scripted(Integer... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override public void open() {
        }

        @Override public void write(byte[] bytes) {
            written.writeBytes(bytes);
        }

        @Override public int readByte() {
            return answers.isEmpty() ? -1 : answers.removeFirst();
        }

        @Override public void close() {
        }

        String sent() {
            return HexFormat.of().formatHex(written.toByteArray());
        }
    }

    private static final int OK = 0x12; // bits 1 and 4 set: online, no error

    @Test
    void anOnlinePrinterWithPaperIsReadyAfterAskingPrinterThenPaper() throws Exception {
        Scripted link = new Scripted(OK, OK);
        assertEquals(new StatusQuery.Answer(PrinterStatus.READY, ""), StatusQuery.ask(link));
        assertEquals("100401" + "100404", link.sent());
    }

    @Test
    void eitherPaperEndBitOfDleEot4IsPaperOut() throws Exception {
        for (int paper : new int[] {OK | 0x20, OK | 0x40, OK | 0x60}) {
            StatusQuery.Answer answer = StatusQuery.ask(new Scripted(OK, paper));
            assertEquals(PrinterStatus.PAPER_OUT, answer.status(), Integer.toHexString(paper));
            assertTrue(answer.detail().endsWith(String.format("0x%02X", paper)), answer.detail());
        }
        // the near-end bits (2, 3) and bit 5/6 of other bytes are not paper-out
        assertEquals(PrinterStatus.READY, StatusQuery.ask(new Scripted(OK, OK | 0x0C)).status());
    }

    @Test
    void theOfflineBitAsksForTheCauseInsteadOfThePaper() throws Exception {
        Scripted link = new Scripted(OK | 0x08, OK | 0x20);
        StatusQuery.Answer answer = StatusQuery.ask(link);
        assertEquals(PrinterStatus.PAPER_OUT, answer.status());
        assertEquals("100401" + "100402", link.sent());
    }

    @Test
    void theOfflineCauseIsPaperThenCoverOrErrorThenPlainOffline() {
        assertEquals(PrinterStatus.PAPER_OUT, StatusQuery.offlineCause(OK | 0x20).status());
        assertEquals(PrinterStatus.PAPER_OUT, StatusQuery.offlineCause(OK | 0x20 | 0x04).status(), "paper first");
        assertEquals(PrinterStatus.ERROR, StatusQuery.offlineCause(OK | 0x04).status(), "cover open");
        assertEquals(PrinterStatus.ERROR, StatusQuery.offlineCause(OK | 0x40).status(), "error");
        assertEquals(PrinterStatus.OFFLINE, StatusQuery.offlineCause(OK).status());
        assertEquals(PrinterStatus.OFFLINE, StatusQuery.offlineCause(OK | 0x08).status(), "feed button: offline, no error");
    }

    @Test
    void noAnswerToAnyQuestionIsOfflineNamingTheQuestion() throws Exception {
        assertEquals(new StatusQuery.Answer(PrinterStatus.OFFLINE, "状态查询 DLE EOT 1 无应答"), StatusQuery.ask(new Scripted()));
        assertEquals(new StatusQuery.Answer(PrinterStatus.OFFLINE, "状态查询 DLE EOT 2 无应答"), StatusQuery.ask(new Scripted(OK | 0x08)));
        assertEquals(new StatusQuery.Answer(PrinterStatus.OFFLINE, "状态查询 DLE EOT 4 无应答"), StatusQuery.ask(new Scripted(OK)));
        assertEquals(PrinterStatus.ERROR, StatusQuery.ask(new Scripted(0)).status(), "a zero byte is an answer, just not a valid one");
        assertEquals(PrinterStatus.ERROR, StatusQuery.ask(new Scripted(OK | 0x08, 0)).status(), "to DLE EOT 2 too");
        assertEquals(PrinterStatus.ERROR, StatusQuery.ask(new Scripted(OK, 0)).status(), "and to DLE EOT 4");
    }

    @Test
    void anAnswerWithoutTheFixedBitsIsAnError() throws Exception {
        // the fixed bits: 1 and 4 set, 0 and 7 clear; each broken alone
        for (int bad : new int[] {OK & ~0x02, OK & ~0x10, OK | 0x01, OK | 0x80}) {
            StatusQuery.Answer first = StatusQuery.ask(new Scripted(bad, OK));
            assertEquals(new StatusQuery.Answer(PrinterStatus.ERROR,
                    String.format("状态查询 DLE EOT 1 的应答无法识别 0x%02X", bad)), first, Integer.toHexString(bad));
            assertEquals(PrinterStatus.ERROR, StatusQuery.ask(new Scripted(OK, bad)).status(), "paper " + Integer.toHexString(bad));
            assertEquals(PrinterStatus.ERROR, StatusQuery.ask(new Scripted(OK | 0x08, bad)).status(), "cause " + Integer.toHexString(bad));
        }
    }
}
