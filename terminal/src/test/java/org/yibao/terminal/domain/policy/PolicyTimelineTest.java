package org.yibao.terminal.domain.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.policy.PolicyLoader;

/** Which held policy a settlement date gets, and what a newly applied policy replaces. */
class PolicyTimelineTest {
    private static final String EXAMPLE = Fixtures.resource("/examples/policy.yaml");
    private static final LocalDate JAN_15 = LocalDate.of(2027, 1, 15);

    private static Policy policy(String version, String effective) {
        return PolicyLoader.parse(EXAMPLE.replace("version: \"2026.03\"", "version: \"" + version + "\"")
                .replace("effective: 2026-01-01", "effective: " + effective), version + ".yaml");
    }

    private static List<String> versions(PolicyTimeline t) {
        return t.policies().stream().map(Policy::version).toList();
    }

    @Test
    void aFuturePolicyWaitsForItsDateWhileTheOneInForceStays() {
        PolicyTimeline t = PolicyTimeline.of(policy("old", "2026-01-01")).with(policy("new", "2027-02-01"), JAN_15);
        assertEquals(List.of("old", "new"), versions(t));
        assertEquals("old", t.on(JAN_15).version());
        assertEquals("old", t.on(LocalDate.of(2027, 1, 31)).version());
        assertEquals("new", t.on(LocalDate.of(2027, 2, 1)).version());
        assertEquals("new", t.on(LocalDate.of(2030, 1, 1)).version());
        assertEquals(List.of("new"), t.pendingAfter(JAN_15).stream().map(Policy::version).toList());
    }

    @Test
    void aPolicyEffectiveTodayReplacesTheOneInForceAndDropsWhatCanNoLongerApply() {
        PolicyTimeline t = PolicyTimeline.of(policy("old", "2026-01-01")).with(policy("new", "2027-01-15"), JAN_15);
        assertEquals(List.of("new"), versions(t));
        assertEquals("new", t.on(JAN_15).version());
        PolicyTimeline backDated = t.with(policy("fix", "2026-06-01"), JAN_15);
        assertEquals(List.of("fix"), versions(backDated), "a policy applied later wins from its own date on");
    }

    @Test
    void aLaterDeliveryReplacesPendingPoliciesFromItsDateOnAndKeepsEarlierOnes() {
        PolicyTimeline t = PolicyTimeline.of(policy("old", "2026-01-01"))
                .with(policy("feb", "2027-02-01"), JAN_15)
                .with(policy("jun", "2027-06-01"), JAN_15);
        assertEquals(List.of("old", "feb", "jun"), versions(t));
        assertEquals("feb", t.on(LocalDate.of(2027, 5, 31)).version());
        PolicyTimeline resent = t.with(policy("feb2", "2027-02-01"), JAN_15);
        assertEquals(List.of("old", "feb2"), versions(resent), "jun came before feb2 and takes effect after it");
        assertEquals("feb2", resent.on(LocalDate.of(2027, 7, 1)).version());
    }

    @Test
    void withNoPolicyEffectiveYetTheFirstIsGivenSoTheSettlerRefusesIt() {
        PolicyTimeline t = PolicyTimeline.of(policy("future", "2027-03-01"));
        assertTrue(t.inForceOn(JAN_15).isEmpty());
        assertEquals("future", t.on(JAN_15).version());
        assertTrue(!t.on(JAN_15).appliesOn(JAN_15));
        PolicyTimeline two = t.with(policy("later", "2027-04-01"), JAN_15);
        assertEquals(List.of("future", "later"), versions(two), "nothing in force yet: nothing is pruned");
    }

    /** VersionsInUse reports inForceOn: the first (oldest) policy is in force from its own date. */
    @Test
    void theFirstPolicyIsInForceFromItsOwnEffectiveDate() {
        PolicyTimeline t = PolicyTimeline.of(policy("only", "2026-01-01"));
        assertEquals(java.util.Optional.of("only"), t.inForceOn(LocalDate.of(2026, 1, 1)).map(Policy::version));
        assertTrue(t.inForceOn(LocalDate.of(2025, 12, 31)).isEmpty());
    }

    @Test
    void effectiveDatesMustIncrease() {
        assertThrows(IllegalArgumentException.class,
                () -> new PolicyTimeline(List.of(policy("a", "2027-01-01"), policy("b", "2027-01-01"))));
        assertThrows(IllegalArgumentException.class, () -> new PolicyTimeline(List.of()));
    }
}
