package org.yibao.terminal.receipt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yibao.drivers.printer.DecodedReceipt;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.TextWidth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden receipts: the formatter's real ESC/POS bytes are decoded and compared with the
 * transcripts in src/test/resources/receipt/. To write a new golden file on purpose, run
 * with -Dreceipt.golden.write=true and review the file before committing it.
 */
class ReceiptGoldenTest {

    static Stream<Arguments> receipts() {
        List<Object[]> cases = List.of(
                new Object[] {"normal", (Supplier<Receipt>) Receipts::normal},
                new Object[] {"offline", (Supplier<Receipt>) Receipts::offline},
                new Object[] {"split", (Supplier<Receipt>) Receipts::split},
                new Object[] {"reversal", (Supplier<Receipt>) Receipts::reversal},
                new Object[] {"long-names", (Supplier<Receipt>) Receipts::longNames});
        return cases.stream().flatMap(c -> Stream.of(PaperWidth.values()).map(p -> Arguments.of(c[0], c[1], p)));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("receipts")
    void matchesGoldenTranscript(String name, Supplier<Receipt> receipt, PaperWidth paper) throws IOException {
        DecodedReceipt decoded = EscPosDecoder.decode(ReceiptFormatter.format(receipt.get(), paper));
        String file = name + "-" + (paper == PaperWidth.MM58 ? "58" : "80") + ".txt";
        String actual = decoded.transcript();
        if (Boolean.getBoolean("receipt.golden.write")) {
            Files.writeString(Path.of("src/test/resources/receipt", file), actual, StandardCharsets.UTF_8);
        }
        assertEquals(golden(file), actual, file);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("receipts")
    void everyLineFitsThePaperAndNothingPersonalLeaks(String name, Supplier<Receipt> receipt, PaperWidth paper) {
        Receipt r = receipt.get();
        DecodedReceipt decoded = EscPosDecoder.decode(ReceiptFormatter.format(r, paper));
        assertEquals(List.of(), decoded.notes());
        for (DecodedReceipt.Event e : decoded.events()) {
            if (e instanceof DecodedReceipt.Line line) {
                assertTrue(TextWidth.of(line.text()) * line.widthMul() <= paper.columns(),
                        "too wide for " + paper + ": " + line.text());
                assertFalse(line.text().contains("¥"), line.text());
            }
        }
        String all = String.join("\n", decoded.lines());
        assertFalse(all.contains(Receipts.NAME), "unmasked name");
        assertFalse(all.contains(Receipts.CERTNO), "unmasked certno");
        assertFalse(all.contains(Receipts.CARDNO), "unmasked card number");
        assertTrue(all.contains("张*三") && all.contains("3715**********1234") && all.contains("M*******8X"));
        assertEquals(List.of(r.setlId()), decoded.qrPayloads());
        assertInstanceOf(DecodedReceipt.Cut.class, decoded.events().getLast(), "the cut comes last");
        assertEquals(1, decoded.cuts());
    }

    private static String golden(String file) throws IOException {
        try (InputStream in = ReceiptGoldenTest.class.getResourceAsStream("/receipt/" + file)) {
            assertNotNull(in, "missing golden file src/test/resources/receipt/" + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
