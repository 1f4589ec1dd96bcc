package org.yibao.terminal.receipt;

import org.yibao.drivers.printer.DecodedReceipt;
import org.yibao.drivers.printer.ReceiptDocument;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded receipt cut into the sections the layout promises, each ended by a rule of dashes
 * as wide as the paper: the centred title lines, the header fields, the person, the items (the
 * column header first), the totals, then what follows (QR, footer, feed, cut).
 */
record PrintedReceipt(List<String> title, List<String> header, List<String> person, List<String> items,
                      List<String> totals, List<DecodedReceipt.Event> footer) {

    static PrintedReceipt of(DecodedReceipt decoded, int columns) {
        List<DecodedReceipt.Event> events = decoded.events();
        String rule = "-".repeat(columns);
        int at = 0;
        List<String> title = new ArrayList<>();
        while (at < events.size() && events.get(at) instanceof DecodedReceipt.Line l
                && l.align() == ReceiptDocument.Align.CENTER) {
            title.add(l.text());
            at++;
        }
        List<List<String>> sections = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            List<String> section = new ArrayList<>();
            while (at < events.size() && events.get(at) instanceof DecodedReceipt.Line l && !l.text().equals(rule)) {
                section.add(l.text());
                at++;
            }
            if (at >= events.size() || !(events.get(at) instanceof DecodedReceipt.Line)) {
                throw new AssertionError("section " + (s + 1) + " not ended by a rule:\n" + decoded.transcript());
            }
            sections.add(section);
            at++;
        }
        return new PrintedReceipt(title, sections.get(0), sections.get(1), sections.get(2), sections.get(3),
                events.subList(at, events.size()));
    }
}
