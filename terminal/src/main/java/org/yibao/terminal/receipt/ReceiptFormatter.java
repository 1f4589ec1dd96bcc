package org.yibao.terminal.receipt;

import org.yibao.drivers.printer.EscPosEncoder;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.privacy.Masking;

import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Lays out a settlement receipt in Chinese for 58 mm (32 columns) or 80 mm (48 columns)
 * paper and encodes it to ESC/POS. Pure: no clock, no device; the same receipt always gives
 * the same bytes. The person's name and numbers are masked here (张*三, 3715**********1234);
 * money prints as yuan with two decimals (totals with 元, never ¥); columns count a CJK
 * character as two; long item names wrap inside their column; every line fits the paper.
 */
public final class ReceiptFormatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** In place of a balance the terminal no longer knows (the person's data deleted after its retention). */
    static final String UNKNOWN_BALANCE = "以医保中心为准";

    private final int columns;
    private final int qtyWidth;
    private final int amountWidth;
    private final ReceiptDocument.Builder doc = ReceiptDocument.builder();

    private ReceiptFormatter(PaperWidth paper) {
        this.columns = paper.columns();
        this.qtyWidth = paper == PaperWidth.MM58 ? 5 : 8;
        this.amountWidth = paper == PaperWidth.MM58 ? 9 : 11;
    }

    /** The ESC/POS bytes of the receipt. */
    public static byte[] format(Receipt receipt, PaperWidth paper) {
        return EscPosEncoder.encode(layout(receipt, paper));
    }

    /** The receipt as a printer document (what a printer port prints, and keeps for reprint). */
    public static ReceiptDocument layout(Receipt receipt, PaperWidth paper) {
        ReceiptFormatter f = new ReceiptFormatter(paper);
        f.title(receipt);
        f.header(receipt);
        f.person(receipt);
        f.items(receipt.lines());
        f.totals(receipt.totals());
        f.footer(receipt);
        return f.doc.build();
    }

    private void title(Receipt r) {
        centered("医保结算单", true);
        if (!r.institutionName().isEmpty()) centered(r.institutionName(), false);
        if (r.kind() == Receipt.Kind.REVERSAL) centered("【撤销结算】", true);
        if (r.offline()) centered(r.uploaded() ? "【脱机结算 已上传】" : "【脱机结算 待上传】", true);
        if (r.reprint()) centered("【重打】", false);
    }

    private void header(Receipt r) {
        field("机构编码：", r.institutionCode());
        field("终端号：", r.deviceId());
        field("操作员：", r.operatorId());
        field("时间：", TIME.format(r.settledAt()));
        // A 2103 has no setl_id of its own (the spec gives setl_id to 2102 only): its receipt names
        // the settlement it reverses, once.
        if (r.kind() == Receipt.Kind.REVERSAL) field("原结算号：", r.originalSetlId());
        else field("结算号：", r.setlId());
        rule('-');
    }

    private void person(Receipt r) {
        field("姓名：", Masking.name(r.psnName()));
        field("证件号：", Masking.number(r.certNo()));
        field("卡号：", Masking.cardNo(r.cardNo()));
        if (r.fromRecord()) field("证件号、卡号：", "原结算小票已过保存期，未保留");
        field("险种：", Names.insutype(r.insutype()));
        field("医疗类别：", Names.medType(r.medType()));
        rule('-');
    }

    private void items(List<ReceiptLine> lines) {
        int nameWidth = nameWidth();
        line(Columns.padRight("品名", nameWidth) + " 类 " + Columns.padLeft("数量", qtyWidth) + " "
                + Columns.padLeft("金额", amountWidth));
        for (ReceiptLine item : lines) {
            item(item, nameWidth);
        }
        rule('-');
    }

    private void item(ReceiptLine item, int nameWidth) {
        String qty = item.quantity().stripTrailingZeros().toPlainString();
        String amount = Fen.format(item.amountFen());
        List<String> names = Columns.wrap(item.name(), nameWidth);
        String level = item.level().shortName();
        if (Columns.width(qty) <= qtyWidth && Columns.width(amount) <= amountWidth) {
            line(Columns.padRight(names.getFirst(), nameWidth) + " " + level + " "
                    + Columns.padLeft(qty, qtyWidth) + " " + Columns.padLeft(amount, amountWidth));
            names.subList(1, names.size()).forEach(this::line);
            return;
        }
        names.forEach(this::line);
        String right = level + " " + qty + " " + amount;
        if (Columns.width(right) <= columns) { // under 类/数量/金额: wrap would drop the padding
            line(Columns.padLeft(right, columns));
        } else {
            Columns.wrap(right, columns).forEach(this::line);
        }
    }

    private void totals(ReceiptTotals t) {
        money("总费用", t.medfeeSumamt());
        money("统筹支付", t.hifpPay());
        if (t.otherFundPay() != 0) money("其他基金支付", t.otherFundPay());
        money("个人账户支付", t.acctPay());
        money("现金支付", t.psnCashPay());
        if (t.balance().isPresent()) {
            money("个人账户余额", t.balance().getAsLong());
        } else {
            amount("个人账户余额", UNKNOWN_BALANCE);
        }
        rule('-');
    }

    private void footer(Receipt r) {
        if (ReceiptDocument.Qr.isPrintableAscii(r.setlId())) {
            doc.qr(r.setlId());
        }
        centered("请妥善保管，凭此单办理退费", false);
        doc.feed(3).cut();
    }

    private int nameWidth() {
        return columns - (2 + 1 + qtyWidth + 1 + amountWidth) - 1;
    }

    private void money(String label, long fen) {
        amount(label, Fen.format(fen) + "元");
    }

    /** {@code label} and {@code value} on one line, the value to the right; on two when too wide. */
    private void amount(String label, String value) {
        String row = Columns.spread(label, value, columns);
        if (row != null) {
            line(row);
        } else {
            line(label);
            line(Columns.padLeft(value, columns));
        }
    }

    private void field(String label, String value) {
        if (value.isEmpty()) return;
        Columns.wrap(label + value, columns).forEach(this::line);
    }

    private void rule(char c) {
        line(String.valueOf(c).repeat(columns));
    }

    private void centered(String text, boolean bold) {
        for (String part : Columns.wrap(text, columns)) {
            doc.centered(part, bold);
        }
    }

    private void line(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') end--;
        doc.line(text.substring(0, end));
    }
}
