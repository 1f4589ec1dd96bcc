package org.yibao.terminal.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.reset.ResetReason;
import org.yibao.terminal.api.envelope.EnvelopeReason;
import org.yibao.terminal.api.json.JsonInputReason;
import org.yibao.terminal.catalog.CatalogReason;
import org.yibao.terminal.centre.CentreReason;
import org.yibao.terminal.cli.OutboxReason;
import org.yibao.terminal.devices.ScannerReason;
import org.yibao.terminal.domain.ReasonCode;
import org.yibao.terminal.domain.policy.PolicyReason;
import org.yibao.terminal.domain.settlement.SettlementReason;
import org.yibao.terminal.fleet.FleetReason;
import org.yibao.terminal.flow.BacklogReason;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.identity.card.CardReason;
import org.yibao.terminal.identity.trust.TrustReason;
import org.yibao.terminal.identity.voucher.VoucherReason;
import org.yibao.terminal.operator.OperatorReason;
import org.yibao.terminal.receipt.PrinterReason;
import org.yibao.terminal.store.DatabaseFileReason;

/**
 * docs/result-codes.md lists every result code the terminal answers (term_errcode) with its
 * Chinese message, as the enums define them: a technician or a host's developer looks a code up
 * there. Also: every code is four digits, none is used twice, every message is Chinese. When the
 * list is out of date the test writes the expected file to {@code target/result-codes.md}.
 */
class ResultCodesDocTest {

    /** Every result-code enum, in the order of the document's sections. */
    private static final List<Class<? extends Enum<?>>> ENUMS = List.of(
            EnvelopeReason.class, JsonInputReason.class, CatalogReason.class, PolicyReason.class,
            SettlementReason.class, FlowReason.class, CardReason.class, VoucherReason.class, TrustReason.class,
            OperatorReason.class, BacklogReason.class, OutboxReason.class, CentreReason.class, PrinterReason.class,
            ScannerReason.class, ProvisionReason.class, FleetReason.class, DatabaseFileReason.class, ResetReason.class);

    private static final Path DOC = Path.of("..", "docs", "result-codes.md");

    @Test
    void theDocumentListsEveryCodeWithItsMessage() throws Exception {
        String expected = document();
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual)) {
            Path written = Path.of("target", "result-codes.md");
            Files.writeString(written, expected, StandardCharsets.UTF_8);
            fail("docs/result-codes.md is not the list the enums define; the expected file is " + written.toAbsolutePath());
        }
    }

    @Test
    void codesAreFourDigitsUniqueAndMessagesChinese() throws Exception {
        Map<String, String> seen = new TreeMap<>();
        for (Class<? extends Enum<?>> type : ENUMS) {
            for (Enum<?> constant : type.getEnumConstants()) {
                String code = call(constant, "code");
                String message = call(constant, "message");
                String where = type.getSimpleName() + "." + constant.name();
                assertTrue(code.matches("1\\d{3}"), where + ": " + code);
                assertTrue(message.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                        where + " is not Chinese: " + message);
                String before = seen.put(code, where);
                if (before != null) fail("code " + code + " is both " + before + " and " + where);
            }
        }
    }

    /** A new enum of result codes in the terminal module is listed here too, so it is documented. */
    @Test
    void everyResultCodeEnumOfTheTerminalIsListed() throws IOException, URISyntaxException {
        Path classes = Path.of(ReasonCode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith("Reason.class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replace(".class", "");
                try {
                    Class<?> c = Class.forName(name);
                    if (c.isEnum() && ReasonCode.class.isAssignableFrom(c)) found.add(c.getName());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        Set<String> listed = new TreeSet<>();
        ENUMS.forEach(e -> listed.add(e.getName()));
        found.removeAll(listed);
        assertEquals(Set.of(), found, "result-code enums missing from ENUMS (and so from docs/result-codes.md)");
    }

    private static String document() throws ReflectiveOperationException {
        StringBuilder doc = new StringBuilder("""
                # Result codes

                Every refusal the terminal gives, on the local API (`infcode` -1 with `term_errcode` and
                `err_msg`), on the command line (`{"term_errcode","err_msg"}`, exit 2) and in the
                self-test, has one of these four-digit codes and starts with its Chinese message; many
                add what exactly was wrong after it (the field, the file and line, the figure). Ranges:
                1000 request envelope and fields, 1100 catalogue and code map, 1200 policy file, 1300
                settlement, 1400 social security card, 1500 e-voucher and trust file, 1600 operators and
                sign-in, 1700 outbox and the reference centre's commands, 1800 devices, 1900
                provisioning, fleet updates, databases and factory reset.

                This file is checked against the code by `ResultCodesDocTest` (terminal module): a code
                added, changed or removed there fails the test until this list says the same.
                """);
        for (Class<? extends Enum<?>> type : ENUMS) {
            List<String[]> rows = new ArrayList<>();
            for (Enum<?> constant : type.getEnumConstants()) {
                rows.add(new String[] {call(constant, "code"), call(constant, "message")});
            }
            rows.sort((a, b) -> a[0].compareTo(b[0]));
            doc.append("\n## ").append(type.getSimpleName()).append(" (").append(rows.getFirst()[0]).append('-')
                    .append(rows.getLast()[0]).append(")\n\n| code | message |\n|---|---|\n");
            for (String[] row : rows) {
                doc.append("| ").append(row[0]).append(" | ").append(row[1].replace("|", "\\|")).append(" |\n");
            }
        }
        return doc.toString();
    }

    private static String call(Enum<?> constant, String method) throws ReflectiveOperationException {
        Method m = constant.getClass().getMethod(method);
        m.setAccessible(true);
        return (String) m.invoke(constant);
    }
}
