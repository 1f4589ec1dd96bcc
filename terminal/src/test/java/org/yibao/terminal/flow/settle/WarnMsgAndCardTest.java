package org.yibao.terminal.flow.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.settlement.DeclaredParts;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.Settler;
import org.yibao.terminal.receipt.PrinterReason;

/**
 * The pieces of a settlement's answer and receipt that the offline flow rig cannot show: warn_msg
 * online (no offline notice; the printer's problem alone when there is no other warning) and
 * offline (the notice first, then the settlement's own warnings, then the printer's problem); and
 * the card number a receipt prints, only for a 社会保障卡 credential (03). Found by mutation testing:
 * every flow test in the settlement's run is offline, so the online forms were never reached.
 */
class WarnMsgAndCardTest {
    private static final String OFFLINE = SettleCheck.OFFLINE_WARNING;
    private static final PersonSnapshot PERSON = Fixtures.person("310", "11", "1000.00",
            Fixtures.accu("outpatient", "200.00", "0", "0"));

    private static Settlement settlement(String... warnings) {
        var outcome = new Settler(Fixtures.examplePolicy(), Fixtures.catalog(), Fixtures.codeMap(), "pharmacy").settle(
                Fixtures.employee(false, Fixtures.line(Fixtures.JIA, "10.00", "1", "10.00")), PERSON, Fixtures.DATE);
        Settlement s = ((Outcome.Ok<Settlement>) outcome).value();
        List<String> all = new ArrayList<>(s.warnings());
        all.addAll(List.of(warnings));
        return new Settlement(s.date(), s.ruleId(), s.insutype(), s.psnType(), s.medType(), s.diseCodg(), s.lines(),
                s.totals(), s.details(), s.delta(), all, s.versions());
    }

    @Test void warnMsgOnlineAndOfflineWithAndWithoutOtherWarnings() {
        assertEquals("", settlement().warnMsg(), "the fixture's settlement warns of nothing");
        assertEquals("", new Checked(settlement(), PERSON, false).warnMsg(), "online, nothing to say");
        assertEquals("超限", new Checked(settlement("超限"), PERSON, false).warnMsg(), "online: no offline notice");
        assertEquals(OFFLINE, new Checked(settlement(), PERSON, true).warnMsg());
        assertEquals(OFFLINE + "；超限；其他", new Checked(settlement("超限", "其他"), PERSON, true).warnMsg());
    }

    @Test void thePrintersProblemComesLastOrAlone() {
        String paper = PrinterReason.PAPER_OUT.message();
        assertEquals("", SettleEngine.withPrinter("", Optional.empty()));
        assertEquals(OFFLINE, SettleEngine.withPrinter(OFFLINE, Optional.empty()));
        assertEquals(paper, SettleEngine.withPrinter("", Optional.of(PrinterReason.PAPER_OUT)), "online: the printer alone");
        assertEquals(OFFLINE + "；" + paper, SettleEngine.withPrinter(OFFLINE, Optional.of(PrinterReason.PAPER_OUT)));
    }

    @Test void onlyASocialSecurityCardCredentialPutsACardNumberOnTheReceipt() {
        var purchase = Fixtures.employee(false, Fixtures.line(Fixtures.JIA, "10.00", "1", "10.00"));
        assertEquals("D37150201", request(purchase, "03", "D37150201").cardNo());
        assertEquals("", request(purchase, "02", "371502199001011234").cardNo(), "an ID number is not a card");
        assertEquals("", request(purchase, "01", "voucher-token").cardNo(), "nor is a voucher");
        assertEquals("", request(purchase, "", "").cardNo());
    }

    private static SettleRequest request(org.yibao.terminal.domain.settlement.Purchase purchase, String type, String number) {
        return new SettleRequest(purchase, type, number, false, Optional.empty(), "", DeclaredParts.NONE, "", "");
    }
}
