package org.yibao.terminal.centre;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The reference centre's figures of one person. Two terminals that were both offline can each
 * spend the same account (each knew only its own settlements); the centre then counts more paid
 * from the account than it held. A personal account holds no debt: the centre answers 0.00, not
 * a negative balc that every terminal would have to refuse as unreadable (1355).
 */
class PersonLedgerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode delta(long acctPayFen) throws Exception {
        return JSON.readTree("""
                {"year": 2026, "accu_group": "outpatient", "insutype": "310", "dedc_used": 0, "fund_paid": 0,
                 "inscp_over_dedc": 0, "acct_pay": %s}""".formatted(java.math.BigDecimal.valueOf(acctPayFen, 2)));
    }

    private static CentreClaim settlement(String setlId, long acctPayFen) {
        return new CentreClaim(CentreClaim.Kind.SETTLEMENT, setlId, "310", "41", LocalDate.of(2026, 12, 6),
                acctPayFen, 0, acctPayFen, 0);
    }

    private static String balcAfter(PersonLedger ledger) throws Exception {
        ObjectNode person = (ObjectNode) JSON.readTree("""
                {"baseinfo": {"psn_no": "P1"}, "insuinfo": [{"insutype": "310", "balc": 100.00}], "term_accuinfo": []}""");
        return ledger.applyTo(person).at("/insuinfo/0/balc").decimalValue().toPlainString();
    }

    @Test
    void anAccountSpentTwiceOfflineIsAnsweredEmptyNotNegative() throws Exception {
        PersonLedger ledger = new PersonLedger();
        ledger.count("D1-1", settlement("D1-S1", 80_00), delta(80_00));
        ledger.count("D2-1", settlement("D2-S1", 60_00), delta(60_00));
        assertEquals("0.00", balcAfter(ledger));
    }

    @Test
    void anAccountWithinItsBalanceIsAnsweredToTheFen() throws Exception {
        PersonLedger ledger = new PersonLedger();
        ledger.count("D1-1", settlement("D1-S1", 80_00), delta(80_00));
        ledger.count("D1-2", new CentreClaim(CentreClaim.Kind.REVERSAL, "D1-S1", "310", "41", LocalDate.of(2026, 12, 6),
                80_00, 0, 80_00, 0), null);
        ledger.count("D2-1", settlement("D2-S1", 60_00), delta(60_00));
        assertEquals("40.00", balcAfter(ledger));
    }
}
