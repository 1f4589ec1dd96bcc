package org.yibao.terminal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {
    @Test void wellFormedUtf8IsItsText() {
        assertEquals(Optional.of("张*三 / 𠀀"), StrictUtf8.decode("张*三 / 𠀀".getBytes(StandardCharsets.UTF_8)));
    }

    @Test void gbkOverlongFormsSurrogatesAndCutSequencesAreRefused() {
        byte[][] refused = {
            "张三".getBytes(Charset.forName("GBK")),
            {'a', (byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xE5, (byte) 0xBC},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        };
        for (byte[] bytes : refused) {
            assertTrue(StrictUtf8.decode(bytes).isEmpty(), java.util.HexFormat.of().formatHex(bytes));
        }
    }
}
