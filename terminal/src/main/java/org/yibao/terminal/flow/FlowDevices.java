package org.yibao.terminal.flow;

import java.util.Objects;
import java.util.Optional;
import org.yibao.drivers.indicator.Indicators;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.terminal.flow.identify.ScanInbox;
import org.yibao.terminal.identity.card.CardReadService;
import org.yibao.terminal.identity.voucher.VoucherDecoder;

/**
 * The devices the flows use: the receipt printer and the indicators (always present; the
 * simulated twins stand in on a bench), and - when fitted - the card reader (through
 * {@link CardReadService}) and the code scanner (its reads arrive in a {@link ScanInbox}) with
 * the e-voucher decoder that verifies what it reads.
 */
public record FlowDevices(ReceiptPrinter printer, Indicators indicators, Optional<CardReadService> cards,
                          Optional<ScanInbox> scans, Optional<VoucherDecoder> vouchers) {
    public FlowDevices {
        Objects.requireNonNull(printer, "printer");
        Objects.requireNonNull(indicators, "indicators");
        Objects.requireNonNull(cards, "cards");
        Objects.requireNonNull(scans, "scans");
        Objects.requireNonNull(vouchers, "vouchers");
        if (scans.isPresent() != vouchers.isPresent()) {
            throw new IllegalArgumentException("a code scanner needs a voucher decoder, and the other way round");
        }
    }
}
