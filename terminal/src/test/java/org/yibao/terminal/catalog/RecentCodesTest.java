package org.yibao.terminal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentCodesTest {
    private static final RecentCodes.Generation G1 = new RecentCodes.Generation(1, "aa");
    private static final RecentCodes.Generation G2 = new RecentCodes.Generation(2, "bb");

    @Test void keepsTheMostRecentlyUsedCodesUpToItsCapacity() {
        RecentCodes recent = new RecentCodes(2);
        assertNull(recent.get(G1, "A"));
        recent.put("A", List.of());
        assertNull(recent.get(G1, "B"));
        recent.put("B", List.of());
        assertEquals(List.of(), recent.get(G1, "A"), "A used again, so B is now the eldest");
        assertNull(recent.get(G1, "C"));
        recent.put("C", List.of());
        assertEquals(2, recent.size());
        assertNull(recent.get(G1, "B"));
        assertEquals(List.of(), recent.get(G1, "A"));
    }

    @Test void anotherImportForgetsEverything() {
        RecentCodes recent = new RecentCodes(8);
        recent.get(G1, "A");
        recent.put("A", List.of());
        assertNull(recent.get(G2, "A"));
        assertEquals(0, recent.size());
        assertNull(recent.get(new RecentCodes.Generation(1, "other content"), "A"),
                "the same id with other content (an id reused after a rollback) is another import");
    }
}
