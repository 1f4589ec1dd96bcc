package org.yibao.terminal.flow.settle;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.settlement.LineSplit;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.SettlementTotals;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptLine;
import org.yibao.terminal.receipt.ReceiptTotals;
import org.yibao.terminal.store.settlement.StoredLine;
import org.yibao.terminal.store.settlement.StoredSettlement;

/**
 * Builds the receipt of a settlement, of a settlement from its stored record (its kept receipt
 * deleted after {@code retention.receipt_days}), and of its reversal (every amount negated). Pure.
 */
final class ReceiptMaker {
    private ReceiptMaker() {
    }

    /** The receipt of settlement {@code s}; {@code cardNo} is the 社会保障卡 it was made with, else empty. */
    static Receipt settlement(FlowSettings settings, String operatorId, String setlId, LocalDateTime at,
                              PersonSnapshot person, String cardNo, Settlement s, boolean offline) {
        List<ReceiptLine> lines = new ArrayList<>();
        for (LineSplit l : s.lines()) {
            String name = l.entry().map(CatalogEntry::name).orElse(l.nationalCode().isEmpty()
                    ? l.line().medinsListCodg() : l.nationalCode());
            ChargeLevel level = l.entry().map(CatalogEntry::level).orElse(ChargeLevel.C);
            lines.add(new ReceiptLine(name, level, l.line().cnt(), l.line().amount()));
        }
        SettlementTotals t = s.totals();
        return new Receipt(Receipt.Kind.SETTLEMENT, offline, false, settings.fixmedinsName(), settings.fixmedinsCode(),
                settings.deviceId(), operatorId, at, setlId, "", person.name(), person.certno(), cardNo, s.insutype(),
                s.medType(), lines, new ReceiptTotals(t.medfeeSumamt(), t.hifpPay(), t.fundPaySumamt(), t.acctPay(),
                        t.psnCashPay(), t.balc()));
    }

    /**
     * The receipt of settlement {@code s} as its own record keeps it, for a reversal after its kept
     * receipt was deleted: each line named as {@link #settlement} named it, by the {@code catalog}
     * row of its national code on the settlement's own date (the record keeps no names; the date
     * it was priced on, so a row renamed since does not rename it), else by its code (a code no
     * longer in the catalogue, a line it never named: the national code, else the institution's);
     * the name the settlement answered (setlinfo.psn_name, masked when printed), and no ID or card
     * number (only the deleted receipt held them; {@link Receipt#fromRecord()} makes the receipt
     * say so). No operator and no balance: the reversal's receipt has its own.
     */
    static Receipt fromRecord(FlowSettings settings, StoredSettlement s, List<StoredLine> stored, Catalog catalog) {
        List<ReceiptLine> lines = new ArrayList<>();
        for (StoredLine l : stored) {
            String code = l.medListCodg().isEmpty() ? l.medinsListCodg() : l.medListCodg();
            String name = l.medListCodg().isEmpty() ? code
                    : catalog.find(l.medListCodg(), s.setlDate()).map(CatalogEntry::name).orElse(code);
            lines.add(new ReceiptLine(name, l.level(), l.cnt(), l.amountFen()));
        }
        String psnName = Json.parse(s.outputJson(), "原结算").path("setlinfo").path("psn_name").asText("");
        return new Receipt(Receipt.Kind.SETTLEMENT, s.offline(), false, settings.fixmedinsName(), settings.fixmedinsCode(),
                settings.deviceId(), "", s.setlTime(), s.setlId(), "", psnName, "", "", s.insutype(), s.medType(), lines,
                new ReceiptTotals(s.medfeeSumamt(), s.hifpPay(), s.fundPaySumamt(), s.acctPay(), s.psnCashPay(), OptionalLong.empty()),
                false, true);
    }

    /**
     * The reversal receipt of {@code original}: amounts negated, balance = the balance after the
     * reversal (empty when the person's data is gone: the receipt says to ask the centre, never a
     * balance of 0.00); made from the record when {@code original} was.
     */
    static Receipt reversal(Receipt original, String operatorId, LocalDateTime at, OptionalLong balanceAfter, boolean offline) {
        List<ReceiptLine> lines = new ArrayList<>();
        for (ReceiptLine l : original.lines()) {
            lines.add(new ReceiptLine(l.name(), l.level(), l.quantity().negate(), -l.amountFen()));
        }
        ReceiptTotals t = original.totals();
        return new Receipt(Receipt.Kind.REVERSAL, offline, false, original.institutionName(),
                original.institutionCode(), original.deviceId(), operatorId, at, original.setlId(), original.setlId(),
                original.psnName(), original.certNo(), original.cardNo(), original.insutype(), original.medType(), lines,
                new ReceiptTotals(-t.medfeeSumamt(), -t.hifpPay(), -t.fundPaySumamt(), -t.acctPay(), -t.psnCashPay(),
                        balanceAfter), false, original.fromRecord());
    }
}
