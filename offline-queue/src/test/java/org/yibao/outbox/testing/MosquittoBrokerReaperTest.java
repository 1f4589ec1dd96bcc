package org.yibao.outbox.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test JVM that exits with a broker still running (its close() never reached) takes the broker with it. */
class MosquittoBrokerReaperTest {

    /** The child: starts a broker, says its PID, and exits without closing it. */
    public static final class Child {
        public static void main(String[] args) {
            MosquittoBroker broker = MosquittoBroker.start(Path.of(args[0]));
            System.out.println(broker.pid());
            System.out.flush();
            System.exit(0);
        }
    }

    @Test
    void aBrokerLeftRunningDiesWithItsJvm(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                dir.resolve("broker").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long pid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            pid = Long.parseLong(out.readLine().strip());
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child JVM did not exit");
        assertEquals(0, child.exitValue());
        Optional<ProcessHandle> broker = ProcessHandle.of(pid);
        try {
            Eventually.await(Duration.ofSeconds(10), () -> broker.map(h -> !h.isAlive()).orElse(true),
                    () -> "mosquitto " + pid + " outlived the JVM that started it");
        } finally {
            broker.ifPresent(ProcessHandle::destroyForcibly);
        }
        assertFalse(broker.map(ProcessHandle::isAlive).orElse(false));
    }
}
