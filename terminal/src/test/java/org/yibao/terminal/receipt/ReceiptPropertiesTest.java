package org.yibao.terminal.receipt;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yibao.drivers.printer.DecodedReceipt;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.drivers.printer.TextWidth;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The printed receipt, over random settlements on both paper widths (issue: "Receipts through
 * escpos-coffee on the printer port: Chinese in GB18030 with FS & / FS ., 58 mm and 80 mm
 * layouts, the institution, terminal, operator, time, setl_id, masked name and numbers, every
 * line with 甲/乙/丙, the totals, 脱机 marked, a QR of the setl_id (ASCII), cut"). Each receipt
 * goes through the real formatter and encoder and its ESC/POS bytes are decoded; then:
 * <ul>
 *   <li>every printed line fits the paper (32 / 48 columns, a CJK character two), the GB18030
 *       decodes cleanly inside FS & / FS . (no decoder note, no U+FFFD, no '?');</li>
 *   <li>the title, header and person sections print exactly their fields (masked: 张*三,
 *       3715**********1234, D******01), 撤销/脱机/重打 marked iff so;</li>
 *   <li>every purchase line prints, in order, its whole name, 甲/乙/丙 under 类, quantity and
 *       amount ending under 金额 ({@link PrintedItems});</li>
 *   <li>the totals print the settlement's fen as yuan and add up as printed: 总费用 = 统筹支付 +
 *       其他基金支付 + 个人账户支付 + 现金支付 = the sum of the lines;</li>
 *   <li>one QR, the setl_id in ASCII; the receipt ends with the cut;</li>
 *   <li>neither the full name nor the full ID or card number is anywhere in the text, the QR or
 *       the bytes.</li>
 * </ul>
 */
class ReceiptPropertiesTest {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern TOTAL = Pattern.compile("(\\S+) +(-?\\d+\\.\\d\\d)元");

    @Provide
    Arbitrary<Receipt> receipts() {
        return RandomReceipts.receipts();
    }

    @Property(tries = 500)
    void thePrintedReceiptShowsTheSettlementAndFitsThePaper(@ForAll("receipts") Receipt receipt) {
        for (PaperWidth paper : PaperWidth.values()) {
            byte[] bytes = ReceiptFormatter.format(receipt, paper);
            DecodedReceipt decoded = EscPosDecoder.decode(bytes);
            try {
                check(receipt, paper.columns(), bytes, decoded);
            } catch (AssertionError e) {
                throw new AssertionError(paper + ": " + e.getMessage() + "\n" + decoded.transcript(), e);
            }
        }
        Statistics.label("lines").collect(receipt.lines().size() > 20 ? ">20" : receipt.lines().size() > 1 ? "2-20" : "1");
        Statistics.label("kind").collect(receipt.kind(), receipt.offline() ? "脱机" : "联机");
    }

    private static void check(Receipt r, int columns, byte[] bytes, DecodedReceipt decoded) {
        assertEquals(List.of(), decoded.notes(), "clean ESC/POS and GB18030");
        fitsAndDecodes(decoded, columns);
        PrintedReceipt printed = PrintedReceipt.of(decoded, columns);
        assertEquals(noSpaces(String.join("", expectedTitle(r))), noSpaces(String.join("", printed.title())), "title");
        assertEquals(String.join("", expectedHeader(r)), String.join("", printed.header()), "header fields");
        assertEquals(String.join("", expectedPerson(r)), String.join("", printed.person()), "person, masked");
        BigDecimal lines = PrintedItems.check(printed.items(), r.lines(), columns);
        totals(r.totals(), printed.totals(), lines, columns);
        footer(r, printed.footer());
        assertEquals(r.offline(), decoded.lines().stream().anyMatch(l -> l.contains("脱机")), "脱机 iff offline");
        nothingUnmasked(r, decoded, bytes);
    }

    private static void fitsAndDecodes(DecodedReceipt decoded, int columns) {
        for (DecodedReceipt.Event e : decoded.events()) {
            if (e instanceof DecodedReceipt.Line l) {
                assertTrue(TextWidth.of(l.text()) * l.widthMul() <= columns, "wider than " + columns + " columns: " + l.text());
                assertFalse(l.text().contains("?") || l.text().contains("\uFFFD"), "replacement character: " + l.text());
            }
        }
    }

    private static List<String> expectedTitle(Receipt r) {
        List<String> title = new ArrayList<>(List.of("医保结算单", Expected.printed(r.institutionName())));
        if (r.kind() == Receipt.Kind.REVERSAL) title.add("【撤销结算】");
        if (r.offline()) title.add("【脱机结算 待上传】");
        if (r.reprint()) title.add("【重打】");
        return title;
    }

    private static List<String> expectedHeader(Receipt r) {
        List<String> header = new ArrayList<>(List.of(field("机构编码：", r.institutionCode()), field("终端号：", r.deviceId()),
                field("操作员：", r.operatorId()), field("时间：", TIME.format(r.settledAt()))));
        header.add(r.kind() == Receipt.Kind.REVERSAL ? field("原结算号：", r.originalSetlId()) : field("结算号：", r.setlId()));
        return header;
    }

    private static List<String> expectedPerson(Receipt r) {
        return List.of(field("姓名：", Expected.printed(Expected.maskedName(r.psnName()))),
                field("证件号：", Expected.maskedCertNo(r.certNo())), field("卡号：", Expected.maskedCardNo(r.cardNo())),
                field("险种：", Names.insutype(r.insutype())), field("医疗类别：", Names.medType(r.medType())));
    }

    private static String field(String label, String value) {
        return value.isEmpty() ? "" : label + value;
    }

    private static void totals(ReceiptTotals t, List<String> rows, BigDecimal lines, int columns) {
        Map<String, String> printed = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String row = rows.get(i);
            if (!TOTAL.matcher(row).matches() && i + 1 < rows.size()) row = row + " " + rows.get(++i).strip();
            Matcher m = TOTAL.matcher(row);
            assertTrue(m.matches() && TextWidth.of(rows.get(i)) == columns, "a total ending at the right edge: " + rows.get(i));
            printed.put(m.group(1), m.group(2));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("总费用", Expected.yuan(t.medfeeSumamt()));
        expected.put("统筹支付", Expected.yuan(t.hifpPay()));
        if (t.fundPaySumamt() != t.hifpPay()) expected.put("其他基金支付", Expected.yuan(t.fundPaySumamt() - t.hifpPay()));
        expected.put("个人账户支付", Expected.yuan(t.acctPay()));
        expected.put("现金支付", Expected.yuan(t.psnCashPay()));
        expected.put("个人账户余额", Expected.yuan(t.balance().orElseThrow()));
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(printed.entrySet()), "totals, in order");
        BigDecimal paid = amount(printed, "统筹支付").add(amount(printed, "其他基金支付"))
                .add(amount(printed, "个人账户支付")).add(amount(printed, "现金支付"));
        assertEquals(amount(printed, "总费用"), paid, "总费用 = 统筹 + 其他基金 + 个人账户 + 现金, as printed");
        assertEquals(amount(printed, "总费用"), lines, "总费用 = the lines' amounts, as printed");
    }

    private static BigDecimal amount(Map<String, String> printed, String label) {
        return new BigDecimal(printed.getOrDefault(label, "0.00"));
    }

    private static void footer(Receipt r, List<DecodedReceipt.Event> footer) {
        List<String> qr = footer.stream().filter(e -> e instanceof DecodedReceipt.QrCode)
                .map(e -> ((DecodedReceipt.QrCode) e).payload()).toList();
        assertEquals(List.of(r.setlId()), qr, "one QR of the setl_id");
        assertTrue(ReceiptDocument.Qr.isPrintableAscii(qr.getFirst()), "QR payload in ASCII");
        assertInstanceOf(DecodedReceipt.Cut.class, footer.getLast(), "the receipt ends with the cut");
        assertEquals(1, footer.stream().filter(e -> e instanceof DecodedReceipt.Cut).count(), "one cut");
    }

    private static void nothingUnmasked(Receipt r, DecodedReceipt decoded, byte[] bytes) {
        String text = String.join("\n", decoded.lines()) + "\n" + String.join("\n", decoded.qrPayloads());
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        if (r.psnName().codePointCount(0, r.psnName().length()) > 1) {
            assertFalse(text.contains(r.psnName()) || text.contains(Expected.printed(r.psnName())), "unmasked name");
        }
        for (String number : List.of(r.certNo(), r.cardNo())) {
            if (number.isEmpty()) continue;
            assertFalse(text.contains(number) || raw.contains(number), "unmasked number " + number);
        }
    }

    private static String noSpaces(String s) {
        return s.replace(" ", "");
    }
}
