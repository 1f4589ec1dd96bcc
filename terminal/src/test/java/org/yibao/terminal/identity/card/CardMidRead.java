package org.yibao.terminal.identity.card;

import java.time.LocalDate;

/**
 * A 社会保障卡 whose holder does something to the reader while the card is being read (pulls it
 * out, or puts another card in its place): {@code hand} runs as the holder's name is read, so the
 * read ends with 1403 (card removed).
 */
public final class CardMidRead {
    private CardMidRead() {
    }

    public static SimulatedSocialSecurityCard of(String cardNo, String certno, String name, Runnable hand) {
        SimulatedSocialSecurityCard card = SimulatedSocialSecurityCard.of(cardNo, certno, name, "1", "371502",
                LocalDate.of(1988, 1, 1));
        card.beforeRecord = rec -> {
            if (rec == 0x09) hand.run();
        };
        return card;
    }
}
