package org.yibao.terminal.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's launcher (src/deb/bin/yibao-terminal) and the AOT cache folder: a recording cut
 * off while the JVM assembled the cache (the stop's timeout, a power cut) leaves the JVM's
 * intermediate {@code terminal-KEY.aot.config} behind, megabytes each. The next recording must
 * clear it with the stale caches, or every interrupted one stays on the flash for good. Runs the
 * real script on this JDK with a one-class terminal.jar.
 */
class LauncherAotCacheTest {
    private static final Path LAUNCHER = Path.of("src/deb/bin/yibao-terminal");

    @TempDir
    Path dir;

    @Test
    void aRecordingClearsWhatAnInterruptedOneLeft() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app/lib"));
        writeJar(app.getParent().resolve("terminal.jar"));
        Path aot = Files.createDirectories(dir.resolve("aot"));
        Files.writeString(aot.resolve("terminal-111.aot"), "stale cache of an older build");
        Files.writeString(aot.resolve("terminal-111.aot.config"), "what an interrupted recording left");
        Path defaults = dir.resolve("defaults");
        Files.writeString(defaults, """
                JAVA_OPTS="-Xss512k"
                YIBAO_JAVA_HOME="%s"
                YIBAO_AOT_DIR="%s"
                """.formatted(System.getProperty("java.home"), aot));

        ProcessBuilder pb = new ProcessBuilder("sh", LAUNCHER.toString(), "run")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("YIBAO_DEFAULTS", defaults.toString());
        pb.environment().put("YIBAO_APP_DIR", app.getParent().toString());
        Process launched = pb.start();
        assertTrue(launched.waitFor(120, TimeUnit.SECONDS), "the launcher ended");
        assertEquals(0, launched.exitValue(), Files.readString(dir.resolve("out.txt")));

        List<String> left;
        try (Stream<Path> files = Files.list(aot)) {
            left = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertFalse(left.contains("terminal-111.aot.config"), "an interrupted recording's file stays for good: " + left);
        assertFalse(left.contains("terminal-111.aot"), "the stale cache goes: " + left);
        assertEquals(1, left.size(), "one cache, the new one: " + left);
        assertTrue(left.getFirst().matches("terminal-\\d+\\.aot"), left.toString());
    }

    /** A terminal.jar whose main class prints and ends. */
    private void writeJar(Path jar) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("Main.java"), "public class Main { public static void main(String[] a) { System.out.println(\"ran \" + String.join(\" \", a)); } }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.resolve("Main.java").toString()));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("Main.class"));
            jarOut.write(Files.readAllBytes(classes.resolve("Main.class")));
            jarOut.closeEntry();
        }
        assertTrue(new String(Files.readAllBytes(jar), StandardCharsets.ISO_8859_1).contains("Main.class"));
    }
}
