package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * The policies from the centre kept in {@code terminal.db} and how a starting terminal reads
 * them: the one in force and those ahead of their date (oldest first), pruned when applied; and
 * the single policy row an older terminal kept, still used until the next policy update.
 */
class HeldPoliciesTest {
    private static final LocalDate JAN_15 = LocalDate.of(2027, 1, 15);
    private static final Clock CLOCK = Clock.fixed(JAN_15.atTime(10, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    private static byte[] policy(String version, String effective) throws java.io.IOException {
        return Files.readString(FleetRig.EXAMPLES.resolve("policy.yaml")).replace("version: \"2026.03\"", "version: \"" + version + "\"")
                .replace("effective: 2026-01-01", "effective: " + effective).getBytes(StandardCharsets.UTF_8);
    }

    private static FleetService open(SqliteDatabase db, Path dir) throws Exception {
        Policy configured = PolicyLoader.load(FleetRig.EXAMPLES.resolve("policy.yaml"));
        return FleetService.open(FleetParts.of(db, dir, configured, Optional.empty(), Outbox.open(db, "T01", OutboxPolicy.defaults(), CLOCK),
                new FleetService.Identity("T01", "371502", "H00000000001"), CLOCK));
    }

    private static void hold(FleetStore store, String version, String effective, String keepFrom) throws Exception {
        byte[] body = policy(version, effective);
        store.database().inTransaction(c -> {
            store.holdPolicy(c, LocalDate.parse(effective), version, body, "device/T01/" + version, LocalDate.parse(keepFrom));
            return null;
        });
    }

    private static List<String> held(FleetStore store) throws Exception {
        return store.heldPolicies().stream().map(FleetStore.Content::version).toList();
    }

    @Test
    void theSinglePolicyRowOfAnOlderTerminalIsUsedUntilTheNextPolicyUpdate(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetStore store = FleetStore.open(db);
            byte[] body = policy("2026.09", "2026-09-01");
            db.inTransaction(c -> {
                store.putContent(c, "policy", "2026.09", body, "device/T01/1");
                return null;
            });
            assertEquals("2026.09", open(db, dir).policies().on(JAN_15).version());
            hold(store, "2027.02", "2027-02-01", "2026-01-01");
            assertEquals(List.of("2027.02"), held(store), "the older row is gone once the table holds a policy");
            assertEquals(Optional.empty(), store.content("policy"));
        }
    }

    @Test
    void aStartingTerminalHoldsTheOneInForceAndThoseAheadOfTheirDate(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetStore store = FleetStore.open(db);
            hold(store, "2026.09", "2026-09-01", "2026-01-01");
            hold(store, "2027.02", "2027-02-01", "2026-09-01");
            hold(store, "2027.06", "2027-06-01", "2026-09-01");
            assertEquals(List.of("2026.09", "2027.02", "2027.06"), held(store));
            PolicyInUse policies = open(db, dir).policies();
            assertEquals("2026.09", policies.on(JAN_15).version());
            assertEquals("2027.02", policies.on(LocalDate.of(2027, 5, 31)).version());
            assertEquals("2027.06", policies.on(LocalDate.of(2027, 6, 1)).version());

            hold(store, "2027.03", "2027-03-01", "2026-09-01");
            assertEquals(List.of("2026.09", "2027.02", "2027.03"), held(store), "2027.06 came before 2027.03 and is replaced");
            hold(store, "2027.01", "2027-01-10", "2027-01-10");
            assertEquals(List.of("2027.01"), held(store), "in force now: everything else can no longer apply");
            assertEquals("2027.01", open(db, dir).policies().on(JAN_15).version());
        }
    }
}
