package org.yibao.drivers.printer.internal;

import org.yibao.drivers.printer.PrinterStatus;

import java.io.IOException;

/**
 * Real-time status over an open link: {@code DLE EOT 1} (printer), {@code DLE EOT 2}
 * (offline cause) when the printer says it is offline, {@code DLE EOT 4} (paper roll sensor).
 * Every answer byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is an error.
 */
public final class StatusQuery {
    /** The printer's answer and what it means. */
    public record Answer(PrinterStatus status, String detail) {
    }

    private StatusQuery() {
    }

    /** Asks and interprets; no answer within the link's timeout means offline. */
    public static Answer ask(PrinterLink link) throws IOException {
        int printer = query(link, 1);
        if (printer < 0) return noAnswer(1);
        if (!valid(printer)) return invalid(1, printer);
        if ((printer & 0x08) != 0) {
            int cause = query(link, 2);
            if (cause < 0) return noAnswer(2);
            if (!valid(cause)) return invalid(2, cause);
            return offlineCause(cause);
        }
        int paper = query(link, 4);
        if (paper < 0) return noAnswer(4);
        if (!valid(paper)) return invalid(4, paper);
        if ((paper & 0x60) != 0) return new Answer(PrinterStatus.PAPER_OUT, hex("纸张传感器（DLE EOT 4）报缺纸", paper));
        return new Answer(PrinterStatus.READY, "");
    }

    /** Interprets the offline cause byte (DLE EOT 2). */
    static Answer offlineCause(int cause) {
        if ((cause & 0x20) != 0) return new Answer(PrinterStatus.PAPER_OUT, hex("离线原因（DLE EOT 2）为缺纸", cause));
        if ((cause & 0x44) != 0) return new Answer(PrinterStatus.ERROR, hex("离线原因（DLE EOT 2）为开盖或故障", cause));
        return new Answer(PrinterStatus.OFFLINE, hex("打印机报告离线（DLE EOT 2）", cause));
    }

    private static int query(PrinterLink link, int n) throws IOException {
        link.write(new byte[] {0x10, 0x04, (byte) n});
        return link.readByte();
    }

    private static boolean valid(int b) {
        return (b & 0x93) == 0x12;
    }

    private static Answer noAnswer(int n) {
        return new Answer(PrinterStatus.OFFLINE, "状态查询 DLE EOT " + n + " 无应答");
    }

    private static Answer invalid(int n, int b) {
        return new Answer(PrinterStatus.ERROR, hex("状态查询 DLE EOT " + n + " 的应答无法识别", b));
    }

    private static String hex(String what, int b) {
        return String.format("%s 0x%02X", what, b);
    }
}
