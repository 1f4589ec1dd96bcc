package org.yibao.terminal.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.RefusedException;

/** The local API's one JSON configuration: empty text refused, decimals written plain and with their scale. */
class JsonTest {
    @Test void emptyTextIsRefusedAsEmpty() {
        for (String empty : new String[] {"", "  \n"}) {
            RefusedException e = assertThrows(RefusedException.class, () -> Json.parse(empty, "person.json"));
            assertEquals("1020", e.refusal().reason().code());
            assertEquals("person.json：内容为空", e.refusal().detail());
        }
    }

    /** A technician fixing a file is told the line the JSON breaks on. */
    @Test void malformedJsonNamesItsLine() {
        RefusedException e = assertThrows(RefusedException.class, () -> Json.parse("{\n\"a\":1,\n\"b\":}", "request.json"));
        assertEquals("1020", e.refusal().reason().code());
        assertEquals("request.json（第3行）", e.refusal().detail());
    }

    @Test void decimalsAreWrittenPlainWithTheScaleTheyWereReadWith() {
        String text = "{\"pric\":12.30,\"big\":1E+3,\"n\":[1,\"x\"]}";
        assertEquals("{\"pric\":12.30,\"big\":1000,\"n\":[1,\"x\"]}", Json.write(Json.parse(text, "t")));
        assertEquals("""
                {
                  "pric" : 12.30,
                  "big" : 1000,
                  "n" : [ 1, "x" ]
                }""", Json.writePretty(Json.parse(text, "t")).replace("\r\n", "\n"));
    }
}
