package org.yibao.provisioning.diagnostics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a diagnostics zip: {@code logs/...}, {@code config/...} (with
 * {@value DiagnosticsConfig#NOT_PROVISIONED_ENTRY} on a device never provisioned), {@code versions.json},
 * {@code backlog.json}, {@code selftest.json}. Every entry is text and goes through
 * {@link SecretScrubber} then {@link PersonalDataScrubber} - there is no path into the zip that
 * skips the masking pass. The zip is written beside the target and moved into place, so a
 * failed export leaves no half-written file. Of a log file larger than {@link #MAX_LOG_BYTES}
 * (or the smaller budget given to {@link #write(DiagnosticsBundle, Path, int)}) only the newest
 * whole lines are kept, and {@value #TRIMMED_ENTRY} says which files were cut and how much was kept.
 */
public final class DiagnosticsExport {

    /** The most of one log file that goes into the zip (its tail). */
    public static final int MAX_LOG_BYTES = 4 * 1024 * 1024;
    /** The entry naming the log files that were cut (present only when one was). */
    public static final String TRIMMED_ENTRY = "trimmed.txt";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DiagnosticsExport() {
    }

    /** Writes {@code bundle} to {@code zipFile}; returns the names of the entries written. */
    public static List<String> write(DiagnosticsBundle bundle, Path zipFile) throws IOException {
        return write(bundle, zipFile, MAX_LOG_BYTES);
    }

    /**
     * As {@link #write(DiagnosticsBundle, Path)}, keeping at most {@code maxLogBytes} of each log
     * file (its newest whole lines; 0 keeps none).
     */
    public static List<String> write(DiagnosticsBundle bundle, Path zipFile, int maxLogBytes) throws IOException {
        if (maxLogBytes < 0) throw new IllegalArgumentException("maxLogBytes must not be negative: " + maxLogBytes);
        int logBudget = Math.min(maxLogBytes, MAX_LOG_BYTES);
        Path target = zipFile.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".diagnostics-", ".zip.part");
        List<String> names = new ArrayList<>();
        try {
            try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
                StringBuilder trimmed = new StringBuilder();
                for (Path log : logFiles(bundle.logDir())) {
                    String name = "logs/" + bundle.logDir().relativize(log).toString().replace('\\', '/');
                    LogTail tail = LogTail.read(log, logBudget);
                    add(zip, names, name, decode(tail.kept()));
                    if (tail.kept().length < tail.total()) {
                        trimmed.append(name).append(": kept the newest ").append(tail.kept().length).append(" of ").append(tail.total())
                                .append(" bytes (whole lines; limit ").append(logBudget).append(" bytes per log file)\n");
                    }
                }
                if (!trimmed.isEmpty()) add(zip, names, TRIMMED_ENTRY, trimmed.toString());
                addConfig(zip, names, bundle.config());
                add(zip, names, "versions.json", json(versions(bundle.versions())));
                add(zip, names, "backlog.json", json(BacklogSummary.read(bundle.databaseFile())));
                add(zip, names, "selftest.json", bundle.selftestJson());
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return names;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The masking pass every entry goes through. */
    public static String clean(String text) {
        return PersonalDataScrubber.scrub(SecretScrubber.scrub(text));
    }

    /**
     * Each configuration file as {@code config/<file name>} ({@code config/provisioned-<name>} for
     * the provisioned one when the run file has its name), and the note of a device never provisioned.
     */
    private static void addConfig(ZipOutputStream zip, List<String> names, DiagnosticsConfig config) throws IOException {
        for (Path file : config.files()) {
            String name = "config/" + file.getFileName();
            if (names.contains(name)) name = "config/provisioned-" + file.getFileName();
            if (Files.isRegularFile(file)) add(zip, names, name, decode(LogTail.read(file, MAX_LOG_BYTES).kept()));
        }
        if (config.notProvisioned().isPresent()) add(zip, names, DiagnosticsConfig.NOT_PROVISIONED_ENTRY, config.notProvisioned().get());
    }

    private static void add(ZipOutputStream zip, List<String> names, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(clean(text).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        names.add(name);
    }

    private static List<Path> logFiles(Path logDir) throws IOException {
        if (logDir == null || !Files.isDirectory(logDir)) return List.of();
        try (Stream<Path> files = Files.walk(logDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    private static Map<String, String> versions(Map<String, String> known) {
        Map<String, String> all = new TreeMap<>(known);
        all.put("jdk", System.getProperty("java.runtime.version", System.getProperty("java.version")));
        all.put("jdk_vendor", System.getProperty("java.vendor", ""));
        all.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return all;
    }

    private static String json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
