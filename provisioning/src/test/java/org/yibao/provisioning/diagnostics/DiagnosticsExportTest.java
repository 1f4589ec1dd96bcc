package org.yibao.provisioning.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log budget of a diagnostics zip: newest whole lines kept, and the zip says what was cut. */
class DiagnosticsExportTest {
    @TempDir
    Path dir;

    @Test
    void aLogOverTheBudgetKeepsItsNewestWholeLinesAndIsNamedInTrimmedTxt() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("a.log"), "first line certno=371502199001011234\nsecond line\nthird line\n");
        Files.writeString(logs.resolve("b.log"), "short\n");
        List<String> names = DiagnosticsExport.write(bundle(logs), dir.resolve("d.zip"), 16);
        Map<String, String> zip = unzip(dir.resolve("d.zip"));
        assertEquals(names, List.copyOf(zip.keySet()));
        assertEquals("third line\n", zip.get("logs/a.log"));
        assertEquals("short\n", zip.get("logs/b.log"));
        assertEquals("logs/a.log: kept the newest 11 of 60 bytes (whole lines; limit 16 bytes per log file)\n", zip.get("trimmed.txt"));
    }

    @Test
    void withinTheBudgetNothingIsCutAndThereIsNoTrimmedTxt() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("a.log"), "psn_name=张三丰 certno=371502199001011234\n");
        DiagnosticsExport.write(bundle(logs), dir.resolve("d.zip"));
        Map<String, String> zip = unzip(dir.resolve("d.zip"));
        assertFalse(zip.containsKey(DiagnosticsExport.TRIMMED_ENTRY));
        assertEquals("psn_name=张*丰 certno=3715**********1234\n", zip.get("logs/a.log"));
    }

    @Test
    void aBudgetOfNoneKeepsEveryLogEmptyAndANegativeOneIsRefused() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("a.log"), "one\ntwo\n");
        DiagnosticsExport.write(bundle(logs), dir.resolve("d.zip"), 0);
        Map<String, String> zip = unzip(dir.resolve("d.zip"));
        assertEquals("", zip.get("logs/a.log"));
        assertTrue(zip.get("trimmed.txt").contains("kept the newest 0 of 8 bytes"), zip.get("trimmed.txt"));
        assertThrows(IllegalArgumentException.class, () -> DiagnosticsExport.write(bundle(logs), dir.resolve("e.zip"), -1));
    }

    /**
     * Only the tail of a log is read: a log far larger than the heap (a 3 GiB file, sparse so it
     * takes no disk) is exported as its newest whole lines, not read whole into memory first.
     */
    @Test
    void aLogLargerThanTheHeapIsReadOnlyFromItsTail() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path big = logs.resolve("big.log");
        long size = 3L << 30;
        byte[] end = "older line\nnewest line\n".getBytes(StandardCharsets.UTF_8);
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(size - end.length);
            file.seek(size - end.length);
            file.write(end);
        }
        DiagnosticsExport.write(bundle(logs), dir.resolve("d.zip"), 20);
        Map<String, String> zip = unzip(dir.resolve("d.zip"));
        assertEquals("newest line\n", zip.get("logs/big.log"));
        assertTrue(zip.get("trimmed.txt").startsWith("logs/big.log: kept the newest 12 of "), zip.get("trimmed.txt"));
    }

    /**
     * Beside the logs, the zip carries what the centre reads first: the versions (with the JDK and
     * the system), the backlog figures (here the note that there is no database) and the self-test,
     * each through the masking pass.
     */
    @Test
    void theZipCarriesTheVersionsTheBacklogAndTheSelfTestMasked() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        DiagnosticsBundle bundle = new DiagnosticsBundle(logs, new DiagnosticsConfig(List.of(), Optional.empty()),
                Map.of("app", "1.2.3"), bundleDb(), "{\"why\":\"term_password=demo-0001 certno=371502199001011234\"}");
        List<String> names = DiagnosticsExport.write(bundle, dir.resolve("d.zip"));
        Map<String, String> zip = unzip(dir.resolve("d.zip"));
        assertEquals(List.of("versions.json", "backlog.json", "selftest.json"), names);
        assertEquals(names, List.copyOf(zip.keySet()));
        assertTrue(zip.get("versions.json").contains("\"app\" : \"1.2.3\"") && zip.get("versions.json").contains("\"jdk\""),
                zip.get("versions.json"));
        assertTrue(zip.get("backlog.json").contains("no database at terminal.db"), zip.get("backlog.json"));
        assertEquals("{\"why\":\"term_password=<removed> certno=3715**********1234\"}", zip.get("selftest.json"));
    }

    private Path bundleDb() {
        return dir.resolve("terminal.db");
    }

    private DiagnosticsBundle bundle(Path logs) {
        return new DiagnosticsBundle(logs, new DiagnosticsConfig(List.of(), Optional.empty()), Map.of("app", "test"), bundleDb(), "{}");
    }

    private static Map<String, String> unzip(Path file) throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(file); ZipInputStream in = new ZipInputStream(raw, StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
