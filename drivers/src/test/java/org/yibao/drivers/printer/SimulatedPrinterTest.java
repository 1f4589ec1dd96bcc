package org.yibao.drivers.printer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SimulatedPrinterTest {

    @Test
    void capturesTheRealBytes() {
        SimulatedPrinter printer = new SimulatedPrinter();
        PrintResult result = printer.print(Documents.sample());
        byte[] expected = EscPosEncoder.encode(Documents.sample());
        assertEquals(new PrintResult.Printed(expected.length), result);
        assertArrayEquals(expected, printer.lastPrinted());
        assertEquals(1, EscPosDecoder.decode(printer.lastPrinted()).cuts());
    }

    @Test
    void keepsOnlyTheLastDocuments() {
        SimulatedPrinter printer = new SimulatedPrinter();
        for (int i = 0; i < SimulatedPrinter.KEPT + 10; i++) printer.print(Documents.sample());
        ReceiptDocument last = ReceiptDocument.builder().line("最后一张").cut().build();
        printer.print(last);
        assertEquals(SimulatedPrinter.KEPT, printer.printed().size());
        assertArrayEquals(EscPosEncoder.encode(last), printer.lastPrinted());
        assertArrayEquals(EscPosEncoder.encode(last), printer.printed().getLast());
    }

    @Test
    void paperOutIsATypedResultAndPrintsNothing() {
        SimulatedPrinter printer = new SimulatedPrinter();
        printer.paperOut();
        assertEquals(PrinterStatus.PAPER_OUT, printer.status());
        PrintResult.NotPrinted r = assertInstanceOf(PrintResult.NotPrinted.class, printer.print(Documents.sample()));
        assertEquals(PrinterStatus.PAPER_OUT, r.status());
        assertEquals(0, printer.printed().size());

        printer.restore();
        assertEquals(PrinterStatus.READY, printer.status());
        assertInstanceOf(PrintResult.Printed.class, printer.print(Documents.sample()));
        assertEquals(1, printer.printed().size());
    }

    @Test
    void offlineAndFaultAreTypedResults() {
        SimulatedPrinter printer = new SimulatedPrinter();
        printer.offline();
        assertEquals(PrinterStatus.OFFLINE, ((PrintResult.NotPrinted) printer.print(Documents.sample())).status());
        printer.fault();
        assertEquals(PrinterStatus.ERROR, ((PrintResult.NotPrinted) printer.print(Documents.sample())).status());
        printer.close();
        printer.restore();
        assertEquals(PrinterStatus.OFFLINE, printer.status(), "a closed printer stays offline");
    }

    @Test
    void simulatedTransportOpensTheTwin() {
        ReceiptPrinter p = Printers.open(PrinterConfig.of(new PrinterConfig.Simulated(), PaperWidth.MM58));
        assertInstanceOf(SimulatedPrinter.class, p);
    }
}
