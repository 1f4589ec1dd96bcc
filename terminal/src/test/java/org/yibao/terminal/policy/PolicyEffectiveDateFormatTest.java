package org.yibao.terminal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * spec policy-and-catalog.md: {@code effective: 2026-01-01}; dates are yyyy-MM-dd. A signed year
 * loaded before (found by the policy review of 2026-12-06): "-2026-01-01" in force before every held
 * policy, "+10000-01-01" never, and both sorted wrongly among the held policies' texts.
 */
class PolicyEffectiveDateFormatTest {
    private static final String EXAMPLE = Fixtures.resource("/examples/policy.yaml");

    @ParameterizedTest
    @ValueSource(strings = {"-2026-01-01", "+10000-01-01", "+2026-01-01", "2026-1-01"})
    void anEffectiveDateNotWrittenYyyyMmDdIsRefused1213(String written) {
        String text = EXAMPLE.replace("effective: 2026-01-01", "effective: \"" + written + "\"");
        assertNotEquals(EXAMPLE, text);
        RefusedException e = assertThrows(RefusedException.class, () -> PolicyLoader.parse(text, "p.yaml"),
                "effective " + written + " is not yyyy-MM-dd");
        assertEquals("1213", e.refusal().reason().code(), e.refusal().errMsg());
        assertTrue(e.refusal().detail().contains("effective："), e.refusal().detail());
    }
}
