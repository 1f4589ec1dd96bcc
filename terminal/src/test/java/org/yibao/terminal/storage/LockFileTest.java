package org.yibao.terminal.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock file behind one service per data folder and one process per replay store (across processes: {@code RunServiceOnTheFolderTest}). */
class LockFileTest {

    @Test
    void heldUntilClosedAndSeenHeldMeanwhile(@TempDir Path dir) {
        Path file = dir.resolve("terminal.lock");
        assertFalse(LockFile.heldElsewhere(file), "no file: nobody holds it");

        LockFile lock = assertInstanceOf(LockFile.Held.class, LockFile.take(file)).lock();
        assertTrue(LockFile.heldElsewhere(file));
        assertInstanceOf(LockFile.HeldElsewhere.class, LockFile.take(file), "a second taker, in this process too, is refused");

        lock.close();
        assertFalse(LockFile.heldElsewhere(file));
        assertFalse(LockFile.heldElsewhere(file), "looking let go of what it took");
        assertInstanceOf(LockFile.Held.class, LockFile.take(file)).lock().close();
    }

    @Test
    void aLockFileThatCannotBeMadeIsNoLockNotBusy(@TempDir Path dir) {
        LockFile.Unwritable none = assertInstanceOf(LockFile.Unwritable.class, LockFile.take(dir.resolve("missing/terminal.lock")));
        assertTrue(none.cause().getMessage().contains("missing"), none.cause().toString());
    }
}
