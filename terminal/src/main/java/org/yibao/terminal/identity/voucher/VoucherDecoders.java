package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.domain.Refusal;

import java.time.Instant;
import java.util.List;

/**
 * Several {@link VoucherDecoder}s side by side (the open YBEC1 verifier, a vendor's decoder of
 * the national code): the first that {@link VoucherDecoder#recognizes recognizes} a text
 * decodes it; a text none recognizes is refused as not an e-voucher.
 */
public final class VoucherDecoders implements VoucherDecoder {
    private final List<VoucherDecoder> decoders;

    public VoucherDecoders(List<VoucherDecoder> decoders) {
        this.decoders = List.copyOf(decoders);
    }

    @Override public boolean recognizes(String qrText) {
        return decoders.stream().anyMatch(d -> d.recognizes(qrText));
    }

    @Override public VoucherOutcome decode(String qrText, Instant now) {
        for (VoucherDecoder decoder : decoders) {
            if (decoder.recognizes(qrText)) {
                return decoder.decode(qrText, now);
            }
        }
        return VoucherAudit.refused(new Refusal(VoucherReason.BAD_PREFIX, "没有解码器能识别此二维码"), null, null);
    }
}
