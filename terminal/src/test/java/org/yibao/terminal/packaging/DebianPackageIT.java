package org.yibao.terminal.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.net.LoopbackPorts;
import org.yibao.terminal.demo.DemoFiles;

/**
 * Installs the .deb that {@code mvn package} built (target/yibao-terminal_*_all.deb) into a
 * throwaway root with {@code dpkg --root --force-script-chrootless} (the maintainer scripts run
 * with DPKG_ROOT and must not touch this machine), then checks files, modes, the user, the data
 * directory, the unit, the udev rules, the scripts, that purge keeps the data, and that the
 * installed service logs to the data folder where the diagnostics export finds it. It is an
 * integration test (failsafe, after the package phase), so a missing package fails it.
 */
class DebianPackageIT {
    private static final Path TARGET = Path.of("target");
    private static final Path SRC_DEB = Path.of("src/deb");
    private static Path deb;

    @TempDir static Path work;
    private static Path root;

    @BeforeAll
    static void install() throws Exception {
        try (Stream<Path> files = Files.list(TARGET)) {
            deb = files.filter(p -> p.getFileName().toString().matches("yibao-terminal_.*_all\\.deb")).findFirst().orElse(null);
        } catch (IOException e) {
            deb = null;
        }
        assertNotNull(deb, "no target/yibao-terminal_*_all.deb: the package phase must build it before this integration test");
        root = emptyRoot(work.resolve("root"));
        Run r = dpkg(root, Map.of(), "-i", deb.toAbsolutePath().toString());
        assertEquals(0, r.code, r.output);
    }

    /** A root with just enough for dpkg and the shadow tools: a dpkg database, passwd, group. */
    private static Path emptyRoot(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("var/lib/dpkg/info"));
        Files.createDirectories(dir.resolve("var/lib/dpkg/updates"));
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("var/lib/dpkg/status"), "");
        Files.writeString(dir.resolve("var/lib/dpkg/available"), "");
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\ndialout:x:20:\n");
        Files.writeString(dir.resolve("etc/shadow"), "root:*::0:99999:7:::\n");
        Files.writeString(dir.resolve("etc/gshadow"), "root:*::\ndialout:*::\n");
        return dir;
    }

    private static Run dpkg(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dpkg", "--root=" + dir, "--force-script-chrootless", "--force-depends",
                "--force-not-root", "--log=/dev/null"));
        cmd.addAll(List.of(args));
        return run(env, cmd.toArray(String[]::new));
    }

    record Run(int code, String output) {
    }

    private static Run run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String line(Path file, String prefix) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }

    @Test
    void filesAndModes() throws Exception {
        assertEquals("rw-r--r--", mode(root.resolve("usr/share/yibao-terminal/terminal.jar")));
        try (Stream<Path> libs = Files.list(root.resolve("usr/share/yibao-terminal/lib"))) {
            List<Path> jars = libs.toList();
            assertTrue(jars.stream().anyMatch(p -> p.getFileName().toString().startsWith("sqlite-jdbc")), jars.toString());
            for (Path jar : jars) assertEquals("rw-r--r--", mode(jar), jar.toString());
        }
        assertEquals("rw-r--r--", mode(root.resolve("usr/share/yibao-terminal/logback.xml")));
        assertEquals(Files.readString(SRC_DEB.resolve("share/logback.xml")), Files.readString(root.resolve("usr/share/yibao-terminal/logback.xml")),
                "the service's logging configuration is the one ServiceLogProcessTest runs");
        assertEquals("rwxr-xr-x", mode(root.resolve("usr/bin/yibao-terminal")));
        assertEquals("rwxr-xr-x", mode(root.resolve("usr/share/yibao-terminal/bin/yibao-terminal-service")));
        assertEquals("rw-r--r--", mode(root.resolve("usr/lib/systemd/system/yibao-terminal.service")));
        assertEquals("rw-r--r--", mode(root.resolve("usr/lib/udev/rules.d/60-yibao-terminal.rules")));
        String defaults = Files.readString(root.resolve("etc/default/yibao-terminal"));
        for (String option : List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "YIBAO_LOG_DIR=\"/var/lib/yibao-terminal/logs\"")) {
            assertTrue(defaults.contains(option), option);
        }
        assertEquals(0, run(Map.of(), "sh", "-n", root.resolve("etc/default/yibao-terminal").toString()).code);
    }

    /**
     * Every installed library is unsigned (the build strips the signatures of Bouncy Castle,
     * Paho and Eclipse Collections, src/build/UnsignJars.java): JDK 25 keeps no class of a
     * signed jar in the AOT cache. Bouncy Castle keeps its classes and its Multi-Release main
     * section, without the per-entry digests.
     */
    @Test
    void librariesCarryNoSignatureAndKeepTheirClasses() throws Exception {
        Pattern signatureFile = Pattern.compile("META-INF/[^/]*\\.(SF|RSA|DSA|EC)|META-INF/SIG-[^/]*", Pattern.CASE_INSENSITIVE);
        try (Stream<Path> libs = Files.list(root.resolve("usr/share/yibao-terminal/lib"))) {
            for (Path jar : libs.toList()) {
                try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
                    assertTrue(file.stream().noneMatch(e -> signatureFile.matcher(e.getName()).matches()), jar + " is still signed");
                }
            }
        }
        Path bcprov;
        try (Stream<Path> libs = Files.list(root.resolve("usr/share/yibao-terminal/lib"))) {
            bcprov = libs.filter(p -> p.getFileName().toString().startsWith("bcprov-")).findFirst().orElseThrow();
        }
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(bcprov.toFile())) {
            assertEquals("true", file.getManifest().getMainAttributes().getValue("Multi-Release"));
            assertTrue(file.getManifest().getEntries().isEmpty(), "per-entry digests left in the manifest");
            assertTrue(file.stream().filter(e -> e.getName().endsWith(".class")).count() > 5_000);
            assertNotNull(file.getEntry("org/bouncycastle/crypto/signers/SM2Signer.class"));
        }
    }

    @Test
    void removeAndPurgeKeepTheDatabaseUnlessTold() throws Exception {
        Path other = emptyRoot(work.resolve("purge-root"));
        assertEquals(0, dpkg(other, Map.of(), "-i", deb.toAbsolutePath().toString()).code);
        Path db = other.resolve("var/lib/yibao-terminal/terminal.db");
        Files.writeString(db, "claims not yet acknowledged");
        Run purge = dpkg(other, Map.of(), "--purge", "yibao-terminal");
        assertEquals(0, purge.code, purge.output);
        assertFalse(Files.exists(other.resolve("usr/bin/yibao-terminal")));
        assertFalse(Files.exists(other.resolve("etc/default/yibao-terminal")));
        assertEquals("claims not yet acknowledged", Files.readString(db));
        assertEquals(0, dpkg(other, Map.of(), "-i", deb.toAbsolutePath().toString()).code);
        assertEquals("claims not yet acknowledged", Files.readString(db), "a reinstall keeps the data too");
        assertEquals(0, dpkg(other, Map.of("YIBAO_PURGE_DATA", "yes"), "--purge", "yibao-terminal").code);
        assertFalse(Files.exists(db));
    }

    @Test
    void controlDependsOnPcscdAndJava25AndMarksTheConffile() throws Exception {
        Run info = run(Map.of(), "dpkg-deb", "-f", deb.toString(), "Depends", "Architecture");
        assertTrue(info.output.contains("pcscd"), info.output);
        assertTrue(info.output.contains("temurin-25-jre | "), info.output);
        assertTrue(info.output.contains("Architecture: all"), info.output);
        Path control = Files.createDirectories(work.resolve("control"));
        assertEquals(0, run(Map.of(), "dpkg-deb", "-e", deb.toString(), control.toString()).code);
        assertEquals("/etc/default/yibao-terminal", Files.readString(control.resolve("conffiles")).strip());
    }

    @Test
    void userGroupsAndDataDirectoryInTheRootOnly() throws Exception {
        String passwd = line(root.resolve("etc/passwd"), "yibao:");
        assertTrue(passwd.endsWith(":/var/lib/yibao-terminal:/usr/sbin/nologin"), passwd);
        assertTrue(line(root.resolve("etc/group"), "dialout:").matches("dialout:x:20:(.*,)?yibao(,.*)?"));
        assertTrue(line(root.resolve("etc/group"), "gpio:").matches("gpio:x:\\d+:(.*,)?yibao(,.*)?"));
        String[] fields = passwd.split(":");
        Path data = root.resolve("var/lib/yibao-terminal");
        for (Path folder : List.of(data, data.resolve("logs"))) {
            assertEquals("rwxr-x---", mode(folder), folder.toString());
            assertEquals(Integer.parseInt(fields[2]), Files.getAttribute(folder, "unix:uid"), folder.toString());
            assertEquals(Integer.parseInt(fields[3]), Files.getAttribute(folder, "unix:gid"), folder.toString());
        }
        assertTrue(Files.isSymbolicLink(root.resolve("etc/systemd/system/multi-user.target.wants/yibao-terminal.service")));
        assertFalse(Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith("yibao:")),
                "the maintainer scripts created the user on this machine, not in the throwaway root");
    }

    @Test
    void theUnit() throws Exception {
        Path unit = root.resolve("usr/lib/systemd/system/yibao-terminal.service");
        List<String> lines = Files.readAllLines(unit);
        for (String expected : List.of("Type=notify", "NotifyAccess=all", "Restart=on-failure", "User=yibao",
                "SupplementaryGroups=dialout gpio", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/yibao-terminal", "WantedBy=multi-user.target",
                "ExecStart=/usr/share/yibao-terminal/bin/yibao-terminal-service")) {
            assertTrue(lines.contains(expected), expected);
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("WatchdogSec=\\d+s")));
        Path verify = Files.createDirectories(work.resolve("verify"));
        Files.copy(unit, verify.resolve("yibao-terminal.service"));
        Run r = run(Map.of(), "systemd-analyze", "verify", verify.resolve("yibao-terminal.service").toString());
        // This machine has neither the installed command nor a booted systemd: only those complaints may remain.
        for (String l : r.output.lines().toList()) {
            boolean environment = l.contains("is not executable") || l.contains("not found") || l.contains("non-existent unit");
            assertTrue(environment, "systemd-analyze verify: " + l);
        }
    }

    /**
     * The installed yibao-terminal-service (as the unit starts it) runs the installed launcher and
     * terminal.jar with the package's logback.xml: the service's lines land in YIBAO_LOG_DIR (the
     * data folder's logs/) as well as on its stderr (journald). A technician's {@code yibao-terminal
     * diagnostics export} by hand, through the same launcher, carries them, prints only its line on
     * stdout and writes no log file there. Before, the service logged to stderr only.
     */
    @Test
    void theServiceLogsToTheDataFolderAndTheDiagnosticsExportByHandCarriesIt() throws Exception {
        Installed terminal = Installed.configure(Files.createDirectories(work.resolve("service")));
        String journal = terminal.runServiceUntilLogged("local API listening");
        String log = Files.exists(terminal.log()) ? Files.readString(terminal.log()) : "";
        assertTrue(log.contains("local API listening on http://127.0.0.1:" + terminal.port()),
                "no service line in " + terminal.log() + ": " + log + "; the service's output: " + journal);
        assertTrue(journal.contains("local API listening"), "stderr (journald) keeps the lines too: " + journal);

        Path zip = terminal.dir().resolve("diagnostics.zip");
        Run export = terminal.byHand("diagnostics", "export", zip.toString(), "--config", terminal.config().toString());
        assertEquals(0, export.code, export.output);
        assertTrue(export.output.matches("已导出 \\S+ \\(\\d+ 项\\)\n"), "stdout is the command's one line: " + export.output);
        try (ZipFile exported = new ZipFile(zip.toFile())) {
            ZipEntry entry = exported.getEntry("logs/terminal.log");
            assertNotNull(entry, "the diagnostics carry the service's log");
            assertTrue(new String(exported.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).contains("local API listening"));
        }
        try (Stream<Path> logs = Files.list(terminal.log().getParent())) {
            assertEquals(List.of("terminal.log"), logs.map(f -> f.getFileName().toString()).toList(), "the export wrote no log file");
        }
    }

    /** The installed package run from the throwaway root: a run file without uplink, and defaults that point at it. */
    private record Installed(Path dir, Path config, int port, Map<String, String> env) {
        static Installed configure(Path dir) throws IOException {
            Path files = DemoFiles.copyTo(dir.resolve("files"));
            int port = LoopbackPorts.free(); // outside the ephemeral range: no other connection takes it before the service binds it
            Path config = Files.writeString(dir.resolve("terminal.yaml"), """
                    device_id: K01
                    institution: {fixmedins_code: H00000000001, fixmedins_name: 演示药店, admdvs: "371502", hosp_lv: pharmacy}
                    data_dir: data
                    policy: %s
                    api: {port: %d}
                    centre: none
                    """.formatted(files.resolve(DemoFiles.POLICY), port));
            Path defaults = Files.writeString(dir.resolve("defaults"), """
                    JAVA_OPTS="-Xmx96m -XX:+UseSerialGC -Dfile.encoding=UTF-8 --enable-native-access=ALL-UNNAMED"
                    YIBAO_JAVA_HOME="%s"
                    YIBAO_AOT_DIR=""
                    YIBAO_CONFIG="%s"
                    YIBAO_API_PORT="%d"
                    YIBAO_LOG_DIR="%s"
                    """.formatted(System.getProperty("java.home"), config, port, dir.resolve("data/logs")));
            return new Installed(dir, config, port, Map.of("YIBAO_DEFAULTS", defaults.toString(),
                    "YIBAO_APP_DIR", root.resolve("usr/share/yibao-terminal").toString(),
                    "YIBAO_LAUNCHER", root.resolve("usr/bin/yibao-terminal").toString()));
        }

        Path log() {
            return dir.resolve("data/logs/terminal.log");
        }

        /** Starts yibao-terminal-service, waits (at most 60 s) for {@code line} in the log file, stops it with SIGTERM; its output. */
        String runServiceUntilLogged(String line) throws Exception {
            Path out = dir.resolve("service.out");
            ProcessBuilder service = new ProcessBuilder(root.resolve("usr/share/yibao-terminal/bin/yibao-terminal-service").toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile());
            service.environment().putAll(env);
            Process p = service.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.isAlive() && System.nanoTime() < deadline && !(Files.exists(log()) && Files.readString(log()).contains(line))) {
                    Thread.sleep(100);
                }
            } finally {
                p.destroy();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the service wrapper stops on SIGTERM");
            }
            return Files.readString(out);
        }

        /** {@code yibao-terminal ARGS} as a technician runs it: its stdout only (stderr goes to a file, shown on failure). */
        Run byHand(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(root.resolve("usr/bin/yibao-terminal").toString()));
            command.addAll(List.of(args));
            Path err = dir.resolve("by-hand.err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            return new Run(code, code == 0 ? out : out + Files.readString(err));
        }
    }

    private static final Pattern UDEV_PAIR = Pattern.compile(
            "(SUBSYSTEM|KERNEL|DRIVER|ACTION|ATTRS?\\{[A-Za-z_]+\\}|ENV\\{[A-Z_]+\\}|GROUP|MODE|SYMLINK|OWNER|TAG)"
                    + "(==|!=|\\+=|=)\"[^\"]*\"");

    @Test
    void udevRules() throws IOException {
        List<String> rules = Files.readAllLines(root.resolve("usr/lib/udev/rules.d/60-yibao-terminal.rules")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertFalse(rules.isEmpty());
        for (String rule : rules) {
            boolean match = false;
            boolean assign = false;
            for (String pair : rule.split(",\\s*")) {
                var m = UDEV_PAIR.matcher(pair.strip());
                assertTrue(m.matches(), "not a udev key/operator/value: " + pair + " in " + rule);
                if (m.group(2).equals("==") || m.group(2).equals("!=")) match = true; else assign = true;
            }
            assertTrue(match && assign, rule);
        }
        assertTrue(rules.stream().anyMatch(r -> r.contains("ENV{ID_MM_DEVICE_IGNORE}=\"1\"") && r.contains("SYMLINK+=\"yibao-scanner\"")
                && r.contains("ATTRS{idVendor}==")));
    }

    @Test
    void scriptsParseAndPassShellcheck() throws Exception {
        List<Path> scripts = List.of(SRC_DEB.resolve("control/postinst"), SRC_DEB.resolve("control/prerm"),
                SRC_DEB.resolve("control/postrm"), root.resolve("usr/bin/yibao-terminal"));
        for (Path s : scripts) {
            Run r = run(Map.of(), "sh", "-n", s.toString());
            assertEquals(0, r.code, s + ": " + r.output);
        }
        Path service = root.resolve("usr/share/yibao-terminal/bin/yibao-terminal-service");
        assertEquals(0, run(Map.of(), "bash", "-n", service.toString()).code);
        boolean shellcheck = run(Map.of(), "sh", "-c", "command -v shellcheck").code == 0;
        Assumptions.assumeTrue(shellcheck, "shellcheck not installed (apt-get install shellcheck)");
        for (Path s : scripts) {
            Run r = run(Map.of(), "shellcheck", "-s", "sh", s.toString());
            assertEquals(0, r.code, r.output);
        }
        Run r = run(Map.of(), "shellcheck", "-s", "bash", service.toString());
        assertEquals(0, r.code, r.output);
    }
}
