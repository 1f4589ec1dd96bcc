package org.yibao.terminal.identity.voucher;

import java.nio.charset.StandardCharsets;

/**
 * Splits {@code YBEC1.<header>.<payload>.<signature>} into its decoded parts. Checks, in this
 * order: size (before anything else is looked at), prefix, exactly three non-empty parts,
 * strict base64url of each. The details of a refusal are Chinese: they reach the cashier in
 * err_msg.
 */
final class Ybec1Text {
    /** The largest QR text looked at; a real voucher is well under 1 KB. */
    static final int MAX_CHARS = 4096;
    static final String PREFIX = "YBEC1.";

    private Ybec1Text() {
    }

    static Checked<QrParts> split(String qr) {
        if (qr == null || qr.isEmpty()) {
            return Checked.no(VoucherReason.BAD_PREFIX, "内容为空");
        }
        if (qr.length() > MAX_CHARS) {
            return Checked.no(VoucherReason.TOO_LARGE, qr.length() + " 个字符，最多 " + MAX_CHARS);
        }
        if (!qr.startsWith(PREFIX)) {
            return Checked.no(VoucherReason.BAD_PREFIX, "");
        }
        int dot1 = qr.indexOf('.', PREFIX.length());
        int dot2 = dot1 < 0 ? -1 : qr.indexOf('.', dot1 + 1);
        if (dot2 < 0) {
            return Checked.no(VoucherReason.BAD_STRUCTURE, "少于三段");
        }
        if (qr.indexOf('.', dot2 + 1) >= 0) {
            return Checked.no(VoucherReason.BAD_STRUCTURE, "多于三段");
        }
        if (dot1 == PREFIX.length() || dot2 == dot1 + 1 || dot2 == qr.length() - 1) {
            return Checked.no(VoucherReason.BAD_STRUCTURE, "有空段");
        }
        return decode(qr, dot1, dot2);
    }

    private static Checked<QrParts> decode(String qr, int dot1, int dot2) {
        byte[] header = Base64Url.decode(qr, PREFIX.length(), dot1);
        if (header == null) {
            return Checked.no(VoucherReason.BAD_ENCODING, "头部段");
        }
        byte[] payload = Base64Url.decode(qr, dot1 + 1, dot2);
        if (payload == null) {
            return Checked.no(VoucherReason.BAD_ENCODING, "内容段");
        }
        byte[] signature = Base64Url.decode(qr, dot2 + 1, qr.length());
        if (signature == null) {
            return Checked.no(VoucherReason.BAD_ENCODING, "签名段");
        }
        // Every char is now the prefix, a dot or base64url, so the text is pure ASCII.
        return Checked.ok(new QrParts(header, payload, signature, qr.getBytes(StandardCharsets.US_ASCII), dot2));
    }
}
