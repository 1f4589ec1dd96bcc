package org.yibao.terminal.flow.settle;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
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

/** Builds the receipt of a settlement, and of its reversal (every amount negated). Pure. */
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

    /** The reversal receipt of {@code original}: amounts negated, balance = the balance after the reversal. */
    static Receipt reversal(Receipt original, String operatorId, LocalDateTime at, long balanceAfter, boolean offline) {
        List<ReceiptLine> lines = new ArrayList<>();
        for (ReceiptLine l : original.lines()) {
            lines.add(new ReceiptLine(l.name(), l.level(), l.quantity().negate(), -l.amountFen()));
        }
        ReceiptTotals t = original.totals();
        return new Receipt(Receipt.Kind.REVERSAL, offline, false, original.institutionName(),
                original.institutionCode(), original.deviceId(), operatorId, at, original.setlId(), original.setlId(),
                original.psnName(), original.certNo(), original.cardNo(), original.insutype(), original.medType(), lines,
                new ReceiptTotals(-t.medfeeSumamt(), -t.hifpPay(), -t.fundPaySumamt(), -t.acctPay(), -t.psnCashPay(),
                        balanceAfter));
    }
}
