package org.yibao.terminal.identity.card;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.yibao.drivers.card.CardFault;

/** The drivers' fault codes (what a technician's self-test shows) are the terminal's 14xx card codes. */
class CardFaultsTest {
    @Test
    void everyDeviceFaultHasTheCodeOfTheCardReasonItBecomes() {
        for (CardFault fault : CardFault.values()) {
            assertEquals(CardFaults.reason(fault).code(), fault.code(), fault.name());
        }
    }
}
