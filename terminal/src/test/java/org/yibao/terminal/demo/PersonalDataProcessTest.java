package org.yibao.terminal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yibao.terminal.cli.ZipTexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.cli.CliProcess;

/**
 * The masking rule end to end: one real child JVM ({@link PrivacySweepChild}) runs the demo
 * scenario and a counter session (purchases by card, voucher and ID number; forged and foreign
 * QRs, malformed JSON quoting a certno and a name, an unknown person by ID number and by card)
 * with the Debian package's logging configuration at DEBUG, writing {@code DATA/logs} as the
 * service does; then {@code terminal diagnostics export} of that data folder runs at DEBUG too.
 * Nowhere in the child's stdout (narration and decoded receipts) and stderr, the log files, the
 * export's zip and its own output may a demo person's (or the unknown person's) name, 社会保障号码,
 * 人员编号, card number, 卡识别码 or an ecToken of the session appear unmasked. The API answers to the POS are not looked at:
 * they carry the person as the national interface does.
 */
class PersonalDataProcessTest {
    private static final Path PACKAGED_LOGBACK = Path.of("src/deb/share/logback.xml");
    private static final Path JAR_LOGBACK = Path.of("src/main/resources/logback.xml");
    /** The 卡识别码 of every simulated 社保卡. */
    private static final String CARD_SN = "371500D15600000500BF7C7A48FB4966";

    @TempDir Path tmp;

    @Test
    void noPersonalValueReachesAnOutputALogOrTheDiagnostics() throws Exception {
        Path data = tmp.resolve("data");
        Path tokens = tmp.resolve("ec-tokens.txt");
        Map<String, String> outputs = new LinkedHashMap<>();
        runChild(data, tokens, outputs);
        Path zip = tmp.resolve("diagnostics.zip");
        CliProcess.Result export = CliProcess.start(Map.of(), List.of("-Dlogback.configurationFile=" + JAR_LOGBACK.toAbsolutePath(),
                "-Dyibao.log.level=DEBUG"), "diagnostics", "export", zip.toString(), "--data-dir", data.toString()).finish();
        assertEquals(0, export.exit(), export.err());
        outputs.put("export stdout", String.join("\n", export.out()));
        outputs.put("export stderr", export.err());
        Map<String, String> entries = ZipTexts.of(zip);
        assertTrue(entries.keySet().stream().anyMatch(name -> name.startsWith("logs/")), "the export carries the logs: " + entries.keySet());
        entries.forEach((name, text) -> outputs.put("diagnostics " + name, text));

        Set<String> secrets = secrets(Files.readAllLines(tokens, StandardCharsets.UTF_8));
        secrets.addAll(psnNos());
        List<String> leaks = new ArrayList<>();
        outputs.forEach((where, text) -> secrets.stream().filter(text::contains)
                .forEach(secret -> leaks.add(where + " shows " + secret + ": " + lineWith(text, secret))));
        assertTrue(leaks.isEmpty(), () -> "personal data unmasked:\n" + String.join("\n", leaks));
    }

    /** Runs {@link PrivacySweepChild} at DEBUG with the service's logging, and keeps its stdout, stderr and log files. */
    private void runChild(Path data, Path tokens, Map<String, String> outputs) throws Exception {
        Path stdout = tmp.resolve("child-stdout.txt");
        Path stderr = tmp.resolve("child-stderr.txt");
        Path javaTmp = Files.createDirectories(Path.of("target", "child-tmp")).toAbsolutePath();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Dfile.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8", "-Djava.io.tmpdir=" + javaTmp, "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + PACKAGED_LOGBACK.toAbsolutePath(), "-Dyibao.log.dir=" + data.resolve("logs"),
                "-Dyibao.log.level=DEBUG", "-cp", System.getProperty("java.class.path"), PrivacySweepChild.class.getName(),
                data.toString(), tokens.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertTrue(child.waitFor(180, TimeUnit.SECONDS), "the child did not finish within 180 s");
        } finally {
            child.destroyForcibly();
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), out + "\n" + Files.readString(stderr, StandardCharsets.UTF_8));
        assertTrue(out.contains("演示完成：全部步骤成功，对账平衡。"), "the scenario ran: " + out);
        assertTrue(out.split("医保结算单", -1).length - 1 >= 8, "the scenario's 5 receipts and the session's 3 were printed: " + out);
        outputs.put("child stdout (narration, receipts)", out);
        outputs.put("child stderr", Files.readString(stderr, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                outputs.put("log " + data.relativize(log), Files.readString(log, StandardCharsets.UTF_8));
            }
        }
        assertTrue(outputs.keySet().contains("log logs/terminal.log"), "the service log was written: " + outputs.keySet());
        assertTrue(outputs.get("log logs/terminal.log").contains(" DEBUG "), "logged at DEBUG");
    }

    /** Every demo person's name and certno (bundled persons file), the demo's card, the unknown person, the session's ecTokens. */
    private static Set<String> secrets(List<String> ecTokens) throws IOException {
        Set<String> secrets = new LinkedHashSet<>();
        for (JsonNode base : demoPersons()) {
            secrets.add(base.path("psn_name").asText());
            secrets.add(base.path("certno").asText());
        }
        secrets.addAll(List.of(DemoCards.ZHANG_SANFENG.cardNo(), DemoCards.ZHANG_SANFENG.certno(), DemoCards.ZHANG_SANFENG.name(),
                DemoCards.WANG_LAOWU_CERTNO, CARD_SN, PrivacySweepChild.UNKNOWN_CERTNO, PrivacySweepChild.UNKNOWN_NAME,
                PrivacySweepChild.UNKNOWN_CARD_NO));
        assertEquals(3, ecTokens.size(), "the session's ecTokens: " + ecTokens);
        secrets.addAll(ecTokens);
        secrets.removeIf(String::isBlank);
        assertEquals(14, secrets.size(), secrets.toString());
        return secrets;
    }

    /** The demo persons' 人员编号. */
    private static Set<String> psnNos() throws IOException {
        Set<String> psnNos = new LinkedHashSet<>();
        for (JsonNode base : demoPersons()) psnNos.add(base.path("psn_no").asText());
        psnNos.add(DemoCards.WANG_LAOWU_PSN_NO);
        psnNos.removeIf(String::isBlank);
        assertEquals(3, psnNos.size(), psnNos.toString());
        return psnNos;
    }

    /** The baseinfo of every person in the bundled demo persons file. */
    private static List<JsonNode> demoPersons() throws IOException {
        List<JsonNode> persons = new ArrayList<>();
        try (var in = PersonalDataProcessTest.class.getResourceAsStream("/demo/" + DemoFiles.PERSONS)) {
            new ObjectMapper().readTree(in).forEach(person -> persons.add(person.path("baseinfo")));
        }
        return persons;
    }

    private static String lineWith(String text, String secret) {
        int at = text.indexOf(secret);
        int start = text.lastIndexOf('\n', at) + 1;
        int end = text.indexOf('\n', at);
        String line = text.substring(start, end < 0 ? text.length() : end);
        return line.length() > 400 ? line.substring(0, 400) + "…" : line;
    }
}
