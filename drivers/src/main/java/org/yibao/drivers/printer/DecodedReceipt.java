package org.yibao.drivers.printer;

import java.util.List;

/**
 * What a stream of ESC/POS bytes prints, as {@link EscPosDecoder} reads it: printed lines,
 * QR codes and cuts in order, plus notes on anything odd (unknown commands, text outside
 * Chinese mode, malformed GB18030, truncation).
 */
public record DecodedReceipt(List<Event> events, List<String> notes) {

    public DecodedReceipt {
        events = List.copyOf(events);
        notes = List.copyOf(notes);
    }

    /** One printed thing. */
    public sealed interface Event permits Line, QrCode, Cut {
    }

    /** A line ended by LF, with the style in force when it printed. */
    public record Line(String text, ReceiptDocument.Align align, boolean bold, int widthMul, int heightMul)
            implements Event {
        /** The style marker of the transcript, e.g. "[C,B] ", or "" for plain left text. */
        String styleMarker() {
            StringBuilder sb = new StringBuilder();
            if (align == ReceiptDocument.Align.CENTER) sb.append(",C");
            if (align == ReceiptDocument.Align.RIGHT) sb.append(",R");
            if (bold) sb.append(",B");
            if (widthMul != 1 || heightMul != 1) sb.append(",").append(widthMul).append('x').append(heightMul);
            return sb.isEmpty() ? "" : "[" + sb.substring(1) + "] ";
        }
    }

    /** A QR code printed with this payload (the stored bytes, read as GB18030). */
    public record QrCode(String payload) implements Event {
    }

    /** A paper cut (GS V). */
    public record Cut(boolean partial) implements Event {
    }

    /** The text of the printed lines only, in order. */
    public List<String> lines() {
        return events.stream().filter(e -> e instanceof Line).map(e -> ((Line) e).text()).toList();
    }

    /** The payloads of the printed QR codes, in order. */
    public List<String> qrPayloads() {
        return events.stream().filter(e -> e instanceof QrCode).map(e -> ((QrCode) e).payload()).toList();
    }

    /** The number of cuts. */
    public long cuts() {
        return events.stream().filter(e -> e instanceof Cut).count();
    }

    /**
     * A readable transcript, one printed thing a line: text as printed (a style marker first
     * when not plain), {@code [QR payload]}, {@code [CUT]}, then {@code [NOTE ...]} lines.
     * Golden receipt files hold this text.
     */
    public String transcript() {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            switch (e) {
                case Line l -> sb.append(l.styleMarker()).append(l.text());
                case QrCode q -> sb.append("[QR ").append(q.payload()).append(']');
                case Cut c -> sb.append(c.partial() ? "[CUT partial]" : "[CUT full]");
            }
            sb.append('\n');
        }
        for (String note : notes) {
            sb.append("[NOTE ").append(note).append("]\n");
        }
        return sb.toString();
    }
}
