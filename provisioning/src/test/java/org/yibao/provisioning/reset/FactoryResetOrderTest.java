package org.yibao.provisioning.reset;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The configuration file outside the folder goes first: one that cannot be removed fails the
 * reset before its in-progress marker exists, so the folder is left as it was (a marker left
 * behind made the folder "a reset in progress" for a later run, database or not).
 */
class FactoryResetOrderTest {
    @TempDir Path tmp;

    @Test
    void aConfigurationFileThatCannotBeRemovedLeavesTheFolderAsItWas() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve(FactoryReset.DATABASE))) {
            Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
        }
        Files.createDirectories(data.resolve("keys"));
        Files.writeString(data.resolve("keys/device.key"), "key");
        Path stuck = Files.createDirectories(tmp.resolve("run.yaml")); // a folder with something in it: its removal fails
        Files.writeString(stuck.resolve("inside"), "x");

        IOException failed = assertThrows(IOException.class, () -> FactoryReset.run(data, List.of(stuck), Optional.empty(), true));

        assertInstanceOf(java.nio.file.DirectoryNotEmptyException.class, failed);
        assertTrue(Files.notExists(data.resolve(FactoryReset.IN_PROGRESS)), "no marker left");
        assertTrue(Files.exists(data.resolve(FactoryReset.DATABASE)) && Files.exists(data.resolve("keys/device.key")), "nothing removed");
    }
}
