package org.yibao.terminal.receipt;

import org.yibao.drivers.printer.EscPosEncoder;

/**
 * What the receipt must print for a value, written from the documented rules rather than by
 * calling the code under test: text as the printer gets it ({@code ReceiptDocument.Text}),
 * masks as {@code Masking} documents them, yuan from fen with two decimals.
 */
final class Expected {
    private Expected() {
    }

    /**
     * {@code s} as printed: a control character is a space, ¥ is ￥, and a character GB18030
     * does not write in one or two bytes is □.
     */
    static String printed(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) sb.append(' ');
            else if (cp == 0xA5) sb.append('￥');
            else if (cp < 0x80 || Character.toString(cp).getBytes(EscPosEncoder.GB18030).length == 2) sb.appendCodePoint(cp);
            else sb.append('□');
        });
        return sb.toString();
    }

    /** 张某三 → 张*三, 张三 → 张*, 张 → *: first and last character kept. */
    static String maskedName(String name) {
        int[] cps = name.strip().codePoints().toArray();
        if (cps.length <= 1) return "*".repeat(cps.length);
        String first = Character.toString(cps[0]);
        if (cps.length == 2) return first + "*";
        return first + "*".repeat(cps.length - 2) + Character.toString(cps[cps.length - 1]);
    }

    /**
     * First 4 and last 4 kept: 371523199001011234 → 3715**********1234; fewer when shorter, so that
     * at least half is hidden: a 15-digit ID number keeps 3 at each end (371*********000).
     */
    static String maskedCertNo(String n) {
        if (n.length() <= 8) return "*".repeat(n.length());
        int keep = n.length() >= 16 ? 4 : n.length() / 4;
        return n.substring(0, keep) + "*".repeat(n.length() - 2 * keep) + n.substring(n.length() - keep);
    }

    /** First character and last two kept: D37150201 → D******01. */
    static String maskedCardNo(String n) {
        if (n.length() < 4) return "*".repeat(n.length());
        return n.charAt(0) + "*".repeat(n.length() - 3) + n.substring(n.length() - 2);
    }

    /** -1234 → "-12.34", 5 → "0.05". */
    static String yuan(long fen) {
        long abs = Math.abs(fen);
        return (fen < 0 ? "-" : "") + abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    }
}
