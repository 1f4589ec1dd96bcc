package org.yibao.terminal.domain.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A ratio is exact, in [0, 1] with at most 4 decimals; both ends belong to the range. */
class RatioTest {
    @Test
    void zeroAndOneAreRatiosAndNothingOutsideIs() {
        assertEquals(0, Ratio.of(new BigDecimal("0")).tenThousandths());
        assertEquals(Ratio.SCALE, Ratio.of(new BigDecimal("1.00")).tenThousandths());
        assertThrows(IllegalArgumentException.class, () -> new Ratio(-1));
        assertThrows(IllegalArgumentException.class, () -> new Ratio(Ratio.SCALE + 1));
    }

    @Test
    void isValidAcceptsTheClosedRangeWithFourDecimals() {
        for (String ok : new String[] {"0", "0.0000", "1", "1.0000", "0.0001", "0.9999", "0.70", "0.123400"}) {
            assertTrue(Ratio.isValid(new BigDecimal(ok)), ok);
        }
        for (String bad : new String[] {"-0.0001", "1.0001", "0.12345", "2"}) {
            assertFalse(Ratio.isValid(new BigDecimal(bad)), bad);
        }
    }

    @Test
    void toStringShowsFourDecimals() {
        assertEquals("0.7000", Ratio.of(new BigDecimal("0.7")).toString());
    }
}
