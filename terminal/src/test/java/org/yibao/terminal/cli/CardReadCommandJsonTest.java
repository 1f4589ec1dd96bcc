package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.identity.card.CardIdentity;

/**
 * {@code terminal card read}'s JSON without a card reader: what the masked line leaves of the
 * holder's 社会保障号码. The birth date is the ID number's digits 7-14, so printed beside
 * 3715**********1234 it gives back eight of the ten digits the mask hides.
 */
class CardReadCommandJsonTest {
    private static final CardIdentity CARD = new CardIdentity("S37150012", "371500D15600000500BF7C7A48FB4966", "371500",
            "3.00", LocalDate.of(2021, 12, 31), LocalDate.of(2036, 12, 31), "371502198801011234", "张三", "1", "01",
            LocalDate.of(1988, 1, 1));

    @Test
    void theMaskedLineDoesNotGiveBackTheIdNumbersMiddleThroughTheBirthDate() {
        ObjectNode masked = CardReadCommand.identityJson(CARD, false);
        assertEquals("3715**********1234", masked.get("certno").asText());
        assertEquals("****-**-**", masked.get("brdy").asText(), "the birth date is digits 7-14 of the masked certno");
        assertFalse(masked.toString().contains("1988") || masked.toString().contains("19880101"), masked::toString);
    }

    @Test
    void unmaskedShowsTheBirthDate() {
        assertEquals("1988-01-01", CardReadCommand.identityJson(CARD, true).get("brdy").asText());
    }
}
