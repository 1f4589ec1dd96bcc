package org.yibao.terminal.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dev java ARGS} runs the project's JDK 25 where the caller is: the README's recipes
 * (docs/provisioning.md's test bench: {@code provision init --data-dir DEV}, {@code voucher keygen
 * --private-out voucher.key}) name files relative to the folder they are typed in. The script
 * used to change to the repository first, so a bench run from /tmp wrote its data folder and a
 * private key into the source tree. Runs the real script on this machine's JDK 25.
 */
class DevScriptTest {
    private static final Path DEV = Path.of("../dev").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void devJavaRunsInTheCallersFolder() throws Exception {
        Path out = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", DEV.toString(), "java", "-XshowSettings:properties", "-version")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "./dev java did not end");
        String said = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), said);
        assertTrue(said.contains("user.dir = " + dir.toRealPath()) || said.contains("user.dir = " + dir),
                "the JVM's working folder is the caller's " + dir + ":\n" + said);
        assertTrue(said.contains("java.specification.version = 25"), said);
    }
}
