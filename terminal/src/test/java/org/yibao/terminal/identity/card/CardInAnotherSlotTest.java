package org.yibao.terminal.identity.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.pcsc.PcscCardReader;
import org.yibao.terminal.cli.PcscStack;

/**
 * Two readers (or two slots of one: contact and contactless, or a PSAM slot, as the 社保卡 readers
 * at counters have) that match the configured name, on a real pcscd with vpcd's two virtual
 * readers: a card that is no 社保卡 in the first one (a bank card left on the contactless pad, the
 * reader's PSAM) must not hide the 社保卡 inserted in the second.
 */
class CardInAnotherSlotTest {
    private static final LocalDate TODAY = LocalDate.of(2027, 1, 15);

    /**
     * The first slot's card answered the 社保 SELECT 6A82 and the read ended there, 1404 (此卡不是
     * 社会保障卡), however often the cashier asked: the 社保卡 in the other slot was never read.
     */
    @Test
    void aCardThatIsNoSocialSecurityCardInOneSlotDoesNotHideTheOneInTheOther(@TempDir Path dir) throws Exception {
        try (PcscStack pcsc = new PcscStack(dir.resolve("pcsc"), PcscStack.inJvmRun());
             PcscCardReader port = new PcscCardReader(CardReaderConfig.of(CardReaderConfig.PCSC, "^Virtual PCD"))) {
            pcsc.insertCard("--variant", "not-sscard");
            pcsc.insertCardInSecondReader();
            CardReadService service = new CardReadService(port, new SocialSecurityCardReader());
            for (int ask = 0; ask < 2; ask++) { // and again: the other card stays where it is
                CardReadOutcome outcome = service.readNext(Duration.ofSeconds(15), TODAY, Optional.empty());
                CardReadOutcome.Read read = assertInstanceOf(CardReadOutcome.Read.class, outcome, outcome.toString());
                assertEquals("S37150012", read.identity().cardNo(), "卡号 of the 社保卡 in the second slot");
            }
        }
    }

    /**
     * The card that is no 社保卡 is taken out of the first reader and the 社保卡 put there during
     * the wait: that reader was passed over for its first card, and is read again once it left.
     */
    @Test
    void aSocialSecurityCardPutWhereTheCardPassedOverWasIsRead(@TempDir Path dir) throws Exception {
        try (PcscStack pcsc = new PcscStack(dir.resolve("pcsc"), PcscStack.inJvmRun());
             PcscCardReader port = new PcscCardReader(CardReaderConfig.of(CardReaderConfig.PCSC, "^Virtual PCD"))) {
            pcsc.insertCard("--variant", "not-sscard");
            CardReadService service = new CardReadService(port, new SocialSecurityCardReader());
            CompletableFuture<CardReadOutcome> read = CompletableFuture.supplyAsync(
                    () -> service.readNext(Duration.ofSeconds(15), TODAY, Optional.empty()));
            Thread.sleep(1500); // the first card is read and passed over
            pcsc.removeCard();
            Thread.sleep(500);
            pcsc.insertCard();
            CardReadOutcome outcome = read.get(25, TimeUnit.SECONDS);
            CardReadOutcome.Read got = assertInstanceOf(CardReadOutcome.Read.class, outcome, outcome.toString());
            assertEquals("S37150012", got.identity().cardNo());
        }
    }

    /**
     * With no 社保卡 in any slot, the card there is still refused for what it is (1404), once the
     * wait is over (the 社保卡 may go into the other slot until then).
     */
    @Test
    void aCardThatIsNoSocialSecurityCardAloneIsStillRefused(@TempDir Path dir) throws Exception {
        try (PcscStack pcsc = new PcscStack(dir.resolve("pcsc"), PcscStack.inJvmRun());
             PcscCardReader port = new PcscCardReader(CardReaderConfig.of(CardReaderConfig.PCSC, "^Virtual PCD"))) {
            pcsc.insertCardInSecondReader("--variant", "not-sscard");
            CardReadOutcome outcome = new CardReadService(port, new SocialSecurityCardReader())
                    .readNext(Duration.ofSeconds(8), TODAY, Optional.empty());
            CardReadOutcome.Refused refused = assertInstanceOf(CardReadOutcome.Refused.class, outcome, outcome.toString());
            assertEquals("1404", refused.refusal().reason().code());
        }
    }
}
