package org.yibao.terminal.receipt;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.printer.TextWidth;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnsTest {

    @Test
    void cjkCountsTwoColumnsWhenPadding() {
        assertEquals("甲类  ", Columns.padRight("甲类", 6));
        assertEquals("  12.50", Columns.padLeft("12.50", 7));
        assertEquals("总费用   9.00元", Columns.spread("总费用", "9.00元", 15));
        assertNull(Columns.spread("总费用", "9.00元", 12), "no room for a gap");
    }

    @Test
    void wrapsChineseAnywhereAndAsciiAtWordStarts() {
        assertEquals(List.of("阿莫西", "林胶囊"), Columns.wrap("阿莫西林胶囊", 7));
        assertEquals(List.of("Vitamin B", "complex"), Columns.wrap("Vitamin B complex", 10));
        assertEquals(List.of("注射液", "250ml"), Columns.wrap("注射液250ml", 8));
        assertEquals(List.of("abcdefgh", "ij"), Columns.wrap("abcdefghij", 8), "a word wider than the column breaks");
        assertEquals(List.of(""), Columns.wrap("", 8));
        assertEquals(List.of("阿莫西", "林）"), Columns.wrap("阿莫西林）", 8), "） never starts a line");
    }

    @Property(tries = 500)
    void wrappedLinesFitAndKeepEveryNonSpaceCharacter(@ForAll String text, @ForAll @IntRange(min = 2, max = 48) int columns) {
        List<String> lines = Columns.wrap(text, columns);
        for (String line : lines) {
            assertTrue(TextWidth.of(line) <= columns, line);
        }
        assertEquals(text.replace(" ", ""), String.join("", lines).replace(" ", ""));
    }
}
