package org.yibao.drivers.printer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The simulated twin of a receipt printer: it encodes exactly as the real adapter does and
 * keeps the ESC/POS bytes of the last {@value #KEPT} printed documents (a service that runs for
 * weeks with it, as {@code terminal run} and {@code demo --serve} do, must not grow without
 * bound). Stimulus methods put it in the states a
 * real printer reports ({@link #paperOut()}, {@link #offline()}, {@link #fault()},
 * {@link #restore()}); while not ready it prints nothing and answers typed results.
 */
public final class SimulatedPrinter implements ReceiptPrinter {
    /** How many printed documents are kept, newest last. */
    public static final int KEPT = 64;

    private final Deque<byte[]> printed = new ArrayDeque<>();
    private final PaperWidth paper;
    private PrinterStatus state = PrinterStatus.READY;
    private boolean closed;

    /** A simulated 80 mm printer. */
    public SimulatedPrinter() {
        this(PaperWidth.MM80);
    }

    /** A simulated printer with {@code paper}. */
    public SimulatedPrinter(PaperWidth paper) {
        this.paper = Objects.requireNonNull(paper, "paper");
    }

    @Override
    public PaperWidth paper() {
        return paper;
    }

    @Override
    public synchronized PrintResult print(ReceiptDocument document) {
        byte[] bytes = EscPosEncoder.encode(document);
        PrinterStatus now = status();
        if (now != PrinterStatus.READY) {
            return new PrintResult.NotPrinted(now, "模拟打印机：" + now.message());
        }
        if (printed.size() == KEPT) printed.removeFirst();
        printed.addLast(bytes);
        return new PrintResult.Printed(bytes.length);
    }

    @Override
    public synchronized PrinterStatus status() {
        return closed ? PrinterStatus.OFFLINE : state;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Stimulus: the paper roll runs out. */
    public synchronized void paperOut() {
        state = PrinterStatus.PAPER_OUT;
    }

    /** Stimulus: the printer is switched off or unplugged. */
    public synchronized void offline() {
        state = PrinterStatus.OFFLINE;
    }

    /** Stimulus: cover open or cutter jam. */
    public synchronized void fault() {
        state = PrinterStatus.ERROR;
    }

    /** Stimulus: paper loaded, power back, fault cleared. */
    public synchronized void restore() {
        state = PrinterStatus.READY;
    }

    /** The ESC/POS bytes of the last {@value #KEPT} documents printed, oldest first (copies). */
    public synchronized List<byte[]> printed() {
        return printed.stream().map(byte[]::clone).toList();
    }

    /** The bytes of the last printed document; empty array when nothing was printed. */
    public synchronized byte[] lastPrinted() {
        return printed.isEmpty() ? new byte[0] : printed.getLast().clone();
    }
}
