package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.yibao.terminal.receipt.Receipt;

/**
 * What one printed receipt must show, built by the model from the request it sent and the
 * answer it got (never from the receipt the terminal kept), checked against the transcript of
 * the ESC/POS bytes the printer received: the setl_id as text and as the QR payload, one cut,
 * 撤销 / 脱机 / 重打 marks, the time, every line with its 甲/乙/丙 class, the totals, the person
 * masked, and nothing personal unmasked.
 *
 * @param maskedCardNo the 社会保障卡 number as printed (masked) when the purchase was made by card, else empty
 * @param items        one per purchase line, amounts negated on a reversal's receipt
 */
record ExpectedReceipt(String setlId, Receipt.Kind kind, boolean reprint, LocalDateTime at, String maskedCardNo, List<Item> items,
                       long medfee, long hifp, long acct, long cash, long balance) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final String REPRINT_MARK = "[C] 【重打】";

    /** A purchase line as printed: catalogue name (here its code), 甲/乙/丙, quantity and amount in fen. */
    record Item(String name, String level, long quantity, long amountFen) {
        Pattern row() {
            return Pattern.compile(Pattern.quote(name) + " +" + level + " +" + quantity + " +" + Pattern.quote(yuan(amountFen)));
        }
    }

    ExpectedReceipt asReprint() {
        return new ExpectedReceipt(setlId, kind, true, at, maskedCardNo, items, medfee, hifp, acct, cash, balance);
    }

    /**
     * Checks {@code transcript} (an {@code EscPosDecoder} transcript) shows this receipt and none of
     * {@code unmasked} (the name, ID number, card number, 卡识别码, ecToken as the terminal was given them).
     */
    void check(String transcript, List<String> unmasked) {
        List<String> lines = Arrays.asList(transcript.split("\n"));
        String what = kind + (reprint ? " reprint" : "") + " of " + setlId + ":\n" + transcript;
        assertFalse(transcript.contains("[NOTE"), "clean ESC/POS: " + what);
        assertEquals(1, lines.stream().filter(l -> l.equals("[QR " + setlId + "]")).count(), "the setl_id as the QR: " + what);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("[QR")).count(), "one QR: " + what);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("[CUT")).count(), "one cut: " + what);
        assertTrue(lines.getLast().startsWith("[CUT"), "the cut ends it: " + what);
        assertEquals(kind == Receipt.Kind.SETTLEMENT, lines.contains("结算号：" + setlId), what);
        assertEquals(kind == Receipt.Kind.REVERSAL, lines.contains("[C,B] 【撤销结算】"), "撤销 mark: " + what);
        assertEquals(kind == Receipt.Kind.REVERSAL, lines.contains("原结算号：" + setlId), "the reversed setl_id: " + what);
        assertEquals(reprint, lines.contains(REPRINT_MARK), "重打 mark: " + what);
        assertTrue(lines.contains("[C,B] 【脱机结算 待上传】"), "settled offline: " + what);
        assertTrue(lines.contains("时间：" + TIME.format(at)), "the time of the " + kind + ": " + what);
        assertTrue(lines.contains("姓名：张*") && lines.contains("证件号：3715**********1234"), "masked: " + what);
        assertEquals(maskedCardNo.isEmpty() ? List.of() : List.of("卡号：" + maskedCardNo),
                lines.stream().filter(l -> l.startsWith("卡号：")).toList(), "the card paid with, masked: " + what);
        for (String secret : unmasked) assertFalse(transcript.contains(secret), secret + " unmasked: " + what);
        for (Item item : items) {
            long same = items.stream().filter(item::equals).count(); // a purchase may list one drug twice alike
            assertEquals(same, lines.stream().filter(l -> item.row().matcher(l).matches()).count(), item + ": " + what);
        }
        assertEquals(items.size(), lines.stream().filter(l -> l.matches("X[ABC]\\d+ +[甲乙丙] .*")).count(), "no other line: " + what);
        money(lines, "总费用", medfee, what);
        money(lines, "统筹支付", hifp, what);
        money(lines, "个人账户支付", acct, what);
        money(lines, "现金支付", cash, what);
        money(lines, "个人账户余额", balance, what);
    }

    /** {@code transcript} without its 重打 line: what every print of one kept receipt has in common. */
    static String withoutReprintMark(String transcript) {
        return transcript.replace(REPRINT_MARK + "\n", "");
    }

    private static void money(List<String> lines, String label, long fen, String what) {
        Pattern row = Pattern.compile(Pattern.quote(label) + " +" + Pattern.quote(yuan(fen) + "元"));
        assertEquals(1, lines.stream().filter(l -> row.matcher(l).matches()).count(), label + " " + yuan(fen) + ": " + what);
    }

    static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
