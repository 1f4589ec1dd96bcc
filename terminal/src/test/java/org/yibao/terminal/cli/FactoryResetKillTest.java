package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * {@code terminal factory-reset --yes} as a child JVM, killed with SIGKILL (a power cut, a
 * technician's second Ctrl-C) at points chosen by the removal's progress, not by time (the log
 * files go in reverse name order, so "log k is gone" marks a point in the removal on any machine's
 * disk speed; the first kill lands at the first removal). Whatever
 * moment it dies, the folder never holds the device's identity (its key, the configuration in
 * force) without the database that numbers its claims, and the same command run again takes the
 * reset to its end (a reset that finished before the kill leaves an empty folder, which a second
 * reset rightly refuses, 1993).
 */
class FactoryResetKillTest {
    private static final int KILLS = 5;
    /** Enough log files that a kill on seeing one gone lands before the removal ends. */
    private static final int LOG_FILES = 5_000;

    @TempDir Path tmp;

    @Test
    void aResetKilledAtAnyPointLeavesNoIdentityWithoutItsDatabaseAndCanBeRunAgain() throws Exception {
        int cutShort = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Path data = provisionedDataDir(tmp.resolve("data-" + kill));
            CliProcess reset = CliProcess.start(Map.of(), "factory-reset", "--data-dir", data.toString(), "--yes");
            int target = kill == 0 ? LOG_FILES - 1 : ThreadLocalRandom.current().nextInt(LOG_FILES);
            awaitRemoved(data, target);
            reset.kill();

            boolean databaseGone = !Files.exists(data.resolve("terminal.db"));
            if (databaseGone) {
                assertFalse(Files.exists(data.resolve("keys/device.key")), "kill " + kill + ": the device key outlived its database");
                assertFalse(Files.exists(data.resolve("current"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                        "kill " + kill + ": the configuration in force outlived its database");
            }
            if (left(data).isEmpty()) continue; // the kill came after the end
            cutShort++;

            FactoryResetCommandTest.Run again = FactoryResetCommandTest.cli("factory-reset", "--data-dir", data.toString(), "--yes");
            assertEquals(0, again.exit(), "kill " + kill + ", left " + left(data) + ": " + again.out() + again.err());
            assertEquals(List.of(), left(data), "kill " + kill + ": the reset run again empties the folder");
        }
        System.out.printf("factory-reset: %d kills, %d of them cut the reset short%n", KILLS, cutShort);
        assertTrue(cutShort > 0, "no kill landed inside the removal: the test proved nothing");
    }

    /** A provisioned terminal's folder: database, device key, a snapshot in force and many logs. */
    private static Path provisionedDataDir(Path data) throws Exception {
        Files.createDirectories(data.resolve("keys"));
        Files.writeString(data.resolve("keys/device.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Files.createDirectories(data.resolve("snapshots/0001"));
        Files.writeString(data.resolve("snapshots/0001/config.json"), "{\"device_id\":\"T01\"}");
        Files.createSymbolicLink(data.resolve("current"), Path.of("snapshots/0001"));
        Path logs = Files.createDirectories(data.resolve("logs"));
        for (int i = 0; i < LOG_FILES; i++) Files.writeString(logs.resolve("l%05d.log".formatted(i)), "x");
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
        }
        return data;
    }

    /**
     * Waits until the child has removed log {@code k} (the reset removes them from the highest
     * down), or anything a reset removes last (the kill then lands at or after its end).
     */
    private static void awaitRemoved(Path data, int k) {
        Path log = data.resolve("logs/l%05d.log".formatted(k));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!Files.exists(log) || !Files.exists(data.resolve("terminal.db")) || !Files.exists(data.resolve("keys/device.key"))) {
                return;
            }
            LockSupport.parkNanos(100_000);
        }
        throw new AssertionError("the reset never removed " + log.getFileName());
    }

    private static List<Path> left(Path data) throws Exception {
        try (var entries = Files.list(data)) {
            return entries.sorted().toList();
        }
    }
}
