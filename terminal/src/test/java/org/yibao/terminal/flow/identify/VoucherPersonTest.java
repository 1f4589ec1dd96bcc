package org.yibao.terminal.flow.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.identity.voucher.VerifiedVoucher;

/** The 1101 output made from a verified voucher follows the interface's general rules. */
class VoucherPersonTest {
    private static final VerifiedVoucher VOUCHER = new VerifiedVoucher("E".repeat(40), "43000012345678", "张*丰", "01",
            "123X", "430100", "310", "11", "02121", 1_800_000_000L, 1_800_000_100L, "sm2-1");

    /** national-interface.md, General rules: "an empty numeric value is 0, other empty values are """. */
    @Test void anUnknownAgeIsTheEmptyNumberZeroAndUnknownTextsAreEmpty() {
        JsonNode base = VoucherPerson.output(VOUCHER).path("baseinfo");
        assertTrue(base.path("age").isNumber(), base.toString());
        assertEquals(0, base.path("age").intValue());
        for (String text : new String[] {"certno", "gend", "naty", "brdy"}) {
            assertEquals("", base.path(text).textValue(), text);
        }
        assertEquals("张*丰", base.path("psn_name").textValue());
    }

    /**
     * national-interface.md: insuinfo[].balc is an amount, and the local API answers amounts as
     * JSON numbers (as every other 1101 answer's balc): the unknown balance is the number 0.00, not the text "0.00".
     */
    @Test void theUnknownBalanceIsTheNumberZero() {
        JsonNode balc = VoucherPerson.output(VOUCHER).at("/insuinfo/0/balc");
        assertTrue(balc.isNumber(), "balc " + balc + " is a number");
        assertEquals("0.00", balc.decimalValue().toPlainString());
    }
}
