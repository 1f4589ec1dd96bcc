package org.yibao.terminal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * A look at the lock, or a second taker, in the process that holds it: closing a second channel
     * on the file would end the process's POSIX lock for every other process (the JDK's locks are
     * fcntl locks), so a service's folder would look free to a factory reset. Another process
     * (python's fcntl, as the JVM's FileChannel locks) still finds it held.
     */
    @Test
    void lookingOrTakingAgainInTheHoldingProcessKeepsItHeldForOthers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("terminal.lock");
        try (LockFile lock = assertInstanceOf(LockFile.Held.class, LockFile.take(file)).lock()) {
            assertTrue(LockFile.heldElsewhere(file));
            assertInstanceOf(LockFile.HeldElsewhere.class, LockFile.take(file));
            assertInstanceOf(LockFile.HeldElsewhere.class, LockFile.take(dir.resolve(".").resolve("terminal.lock")), "by another spelling");
            assertEquals(1, otherProcessTries(file), "another process cannot take it");
        }
        assertEquals(0, otherProcessTries(file), "let go once closed");
    }

    /** Exit 0 when another process takes the lock of {@code file} (and lets it go), 1 when it is held. */
    private static int otherProcessTries(Path file) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import fcntl,sys\nf=open(sys.argv[1],'r+')\n"
                + "try:\n    fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\nexcept OSError:\n    sys.exit(1)\n", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), out);
        return p.exitValue();
    }

    @Test
    void aLockFileThatCannotBeMadeIsNoLockNotBusy(@TempDir Path dir) {
        LockFile.Unwritable none = assertInstanceOf(LockFile.Unwritable.class, LockFile.take(dir.resolve("missing/terminal.lock")));
        assertTrue(none.cause().getMessage().contains("missing"), none.cause().toString());
    }
}
