package org.yibao.terminal.domain.settlement;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.settlement.PersonSnapshot.Insurance;

/** Which insuinfo row a settlement uses, and which psn_insu_stas counts as in force. */
class PersonSnapshotTest {
    private static PersonSnapshot with(Insurance... rows) {
        return new PersonSnapshot("P1", "张三丰", "", List.of(rows), List.of(), List.of(), false);
    }

    @Test
    void onlyStatusOneOrNoStatusIsInForce() {
        assertTrue(new Insurance("310", "11", 0, "", "1").inForce());
        assertTrue(new Insurance("310", "11", 0, "").inForce(), "a voucher gives no status");
        assertFalse(new Insurance("310", "11", 0, "", "2").inForce(), "2 暂停参保");
        assertFalse(new Insurance("310", "11", 0, "", "4").inForce(), "4 终止参保");
    }

    @Test
    void theFirstRowInForceOfTheInsutypeIsUsedOverAnEarlierEndedOne() {
        // A centre answering the history: the old employer's row 终止参保 before the current one.
        Insurance resident = new Insurance("390", "21", 0, "", "1");
        Insurance ended = new Insurance("310", "11", 100, "", "4");
        Insurance current = new Insurance("310", "11", 500, "", "1");
        Insurance later = new Insurance("310", "11", 900, "", "1");
        PersonSnapshot p = with(resident, ended, current, later);
        assertSame(current, p.insurance("310").orElseThrow());
        assertSame(resident, p.insurance("390").orElseThrow());
        assertTrue(p.settlesOn(current));
        assertFalse(p.settlesOn(ended));
        assertFalse(p.settlesOn(later));
    }

    @Test
    void withNoRowInForceTheFirstRowOfTheInsutypeIsUsed() {
        Insurance resident = new Insurance("390", "21", 0, "", "1");
        Insurance paused = new Insurance("310", "11", 100, "", "2");
        Insurance ended = new Insurance("310", "11", 200, "", "4");
        PersonSnapshot p = with(resident, paused, ended);
        assertSame(paused, p.insurance("310").orElseThrow());
        assertTrue(p.settlesOn(paused));
        assertEquals(Optional.empty(), p.insurance("320"));
    }
}
