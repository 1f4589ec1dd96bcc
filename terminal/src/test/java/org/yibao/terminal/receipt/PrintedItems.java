package org.yibao.terminal.receipt;

import org.yibao.drivers.printer.TextWidth;

import java.math.BigDecimal;
import java.util.List;

/**
 * Reads a receipt's item section back against the purchase lines, in order. Each item is
 * either one row (name in the name column, 甲/乙/丙 under 类, the quantity ending under 数量,
 * the amount ending at the right edge under 金额) followed by the rest of its name in the name column, or, when the
 * quantity or amount is too wide for its column, the whole name in the name column followed by
 * "甲 数量 金额" aligned right. A wrapped name loses nothing but spaces at its breaks.
 */
final class PrintedItems {
    private final List<String> rows;
    private final int levelColumn;
    private final int quantityEdge;
    private final int rightEdge;
    private int at = 1;

    private PrintedItems(List<String> rows) {
        this.rows = rows;
        String header = rows.getFirst();
        this.levelColumn = TextWidth.of(header.substring(0, header.indexOf('类')));
        this.quantityEdge = TextWidth.of(header.substring(0, header.indexOf("数量") + 2));
        this.rightEdge = TextWidth.of(header);
    }

    /** Checks {@code section} (column header first) prints {@code lines}; returns the sum of the printed amounts. */
    static BigDecimal check(List<String> section, List<ReceiptLine> lines, int columns) {
        assertThat(!section.isEmpty() && section.getFirst().startsWith("品名") && section.getFirst().endsWith("金额")
                && section.getFirst().contains(" 类 ") && TextWidth.of(section.getFirst()) == columns,
                "column header as wide as the paper", section);
        PrintedItems items = new PrintedItems(section);
        BigDecimal sum = BigDecimal.ZERO;
        for (ReceiptLine line : lines) {
            sum = sum.add(new BigDecimal(items.item(line)));
        }
        assertThat(items.at == section.size(), "no rows after the last item", section.subList(items.at, section.size()));
        return sum;
    }

    /** Reads one item's rows; returns its printed amount. */
    private String item(ReceiptLine line) {
        String level = line.level().shortName();
        String qty = line.quantity().stripTrailingZeros().toPlainString();
        String amount = Expected.yuan(line.amountFen());
        NameParts name = new NameParts(Expected.printed(line.name()));
        String first = row(line);
        if (TextWidth.of(first) > levelColumn) {
            int mark = indexAtColumn(first, levelColumn);
            assertThat(mark > 0 && first.substring(mark, mark + 1).equals(level), "甲/乙/丙 under 类: " + level, first);
            assertThat(List.of(first.substring(mark + 1).strip().split(" +")).equals(List.of(qty, amount)),
                    "quantity " + qty + " and amount " + amount + " after the mark", first);
            assertThat(TextWidth.of(first.substring(0, first.indexOf(qty, mark + 1) + qty.length())) == quantityEdge,
                    "the quantity ends under 数量", first);
            assertThat(TextWidth.of(first) == rightEdge, "the amount ends under 金额", first);
            name.accept(first.substring(0, mark).stripTrailing(), first);
            at++;
            readName(name, line);
        } else {
            readName(name, line);
            String right = row(line);
            assertThat(right.strip().equals(level + " " + qty + " " + amount), "a row of " + level + " " + qty + " " + amount, right);
            assertThat(TextWidth.of(right) == rightEdge, "the amount ends under 金额", right);
            at++;
        }
        return amount;
    }

    /** Reads the rest of a name, or in the wide layout the whole name: at least one row (an empty name is an empty row). */
    private void readName(NameParts name, ReceiptLine line) {
        while (!name.done() || name.unread()) {
            String part = row(line);
            assertThat(TextWidth.of(part) < levelColumn, "the name stays in its column", part);
            name.accept(part, part);
            at++;
        }
    }

    private String row(ReceiptLine line) {
        assertThat(at < rows.size(), "rows for " + line, rows);
        return rows.get(at);
    }

    /** The index of the character starting at display column {@code column}, or -1. */
    private static int indexAtColumn(String s, int column) {
        int width = 0;
        for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
            if (width == column) return i;
            width += TextWidth.of(s.codePointAt(i));
        }
        return -1;
    }

    static void assertThat(boolean holds, String what, Object seen) {
        if (!holds) throw new AssertionError(what + "; printed: " + seen);
    }

    /** A name read back part by part; spaces at a break may be dropped, nothing else. */
    private static final class NameParts {
        private final String name;
        private int pos;
        private boolean started;

        NameParts(String name) {
            this.name = name;
        }

        void accept(String part, String row) {
            int p = started ? skipSpaces(pos) : 0;
            if (started) part = part.stripLeading();
            assertThat(name.startsWith(part, p), "name 「" + name + "」 continues with 「" + name.substring(p) + "」", row);
            pos = p + part.length();
            started = true;
        }

        boolean unread() {
            return !started;
        }

        boolean done() {
            return skipSpaces(pos) == name.length();
        }

        private int skipSpaces(int p) {
            while (p < name.length() && name.charAt(p) == ' ') p++;
            return p;
        }
    }
}
