package org.yibao.terminal.receipt;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * Everything a settlement receipt shows, unmasked: the formatter masks the person's data.
 * Strings may be null (printed as empty); money is fen.
 *
 * @param kind           a settlement or its reversal (撤销)
 * @param offline        settled while the centre was unreachable (脱机, waits for upload)
 * @param reprint        a copy printed again (重打)
 * @param setlId         setl_id; printed, and as the QR payload when it is printable ASCII
 * @param originalSetlId for a reversal, the setl_id it reverses (may be empty)
 * @param uploaded       for an offline receipt reprinted later: the centre has since answered its
 *                       claim, so it no longer waits for upload (脱机结算 已上传, not 待上传)
 * @param fromRecord     made from the settlement's own record because its kept receipt was deleted
 *                       ({@code retention.receipt_days}): the ID and card numbers only that receipt
 *                       held are empty, and the receipt says they were not kept
 */
public record Receipt(Kind kind, boolean offline, boolean reprint,
                      String institutionName, String institutionCode, String deviceId, String operatorId,
                      LocalDateTime settledAt, String setlId, String originalSetlId,
                      String psnName, String certNo, String cardNo, String insutype, String medType,
                      List<ReceiptLine> lines, ReceiptTotals totals, boolean uploaded, boolean fromRecord) {

    /** What the receipt is for. */
    public enum Kind { SETTLEMENT, REVERSAL }

    public Receipt {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(settledAt, "settledAt");
        Objects.requireNonNull(totals, "totals");
        lines = List.copyOf(lines);
        institutionName = text(institutionName);
        institutionCode = text(institutionCode);
        deviceId = text(deviceId);
        operatorId = text(operatorId);
        setlId = text(setlId);
        originalSetlId = text(originalSetlId);
        psnName = text(psnName);
        certNo = text(certNo);
        cardNo = text(cardNo);
        insutype = text(insutype);
        medType = text(medType);
    }

    /** A receipt made from a kept one or at its settlement (not {@code fromRecord}). */
    public Receipt(Kind kind, boolean offline, boolean reprint,
                   String institutionName, String institutionCode, String deviceId, String operatorId,
                   LocalDateTime settledAt, String setlId, String originalSetlId,
                   String psnName, String certNo, String cardNo, String insutype, String medType,
                   List<ReceiptLine> lines, ReceiptTotals totals, boolean uploaded) {
        this(kind, offline, reprint, institutionName, institutionCode, deviceId, operatorId, settledAt, setlId,
                originalSetlId, psnName, certNo, cardNo, insutype, medType, lines, totals, uploaded, false);
    }

    /** A receipt as made at its settlement: an offline one still waits for upload. */
    public Receipt(Kind kind, boolean offline, boolean reprint,
                   String institutionName, String institutionCode, String deviceId, String operatorId,
                   LocalDateTime settledAt, String setlId, String originalSetlId,
                   String psnName, String certNo, String cardNo, String insutype, String medType,
                   List<ReceiptLine> lines, ReceiptTotals totals) {
        this(kind, offline, reprint, institutionName, institutionCode, deviceId, operatorId, settledAt, setlId,
                originalSetlId, psnName, certNo, cardNo, insutype, medType, lines, totals, false);
    }

    /** This receipt once the centre has answered its claim (see {@code uploaded}). */
    public Receipt claimUploaded() {
        return new Receipt(kind, offline, reprint, institutionName, institutionCode, deviceId, operatorId, settledAt,
                setlId, originalSetlId, psnName, certNo, cardNo, insutype, medType, lines, totals, true, fromRecord);
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }
}
