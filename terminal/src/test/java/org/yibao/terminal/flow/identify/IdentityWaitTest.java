package org.yibao.terminal.flow.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;
import org.yibao.drivers.card.simulated.SimulatedCard;
import org.yibao.drivers.card.simulated.SimulatedCardReader;
import org.yibao.terminal.identity.card.CardReadService;
import org.yibao.terminal.identity.card.SocialSecurityCardReader;

/**
 * The one reader and the one scanner serve one wait at a time: a second 1101 that asks to wait
 * while one is waiting is refused at once (1357) instead of holding another API thread on the
 * same devices; and a wait ends when its thread is interrupted (the API's pool stopping).
 */
class IdentityWaitTest {
    private static final LocalDate TODAY = LocalDate.of(2027, 1, 15);

    private final SimulatedCardReader reader = new SimulatedCardReader(CardReaderConfig.of(CardReaderConfig.SIMULATED, ".*"));
    /** Opens once a wait has begun asking the reader for a card (it holds the devices then). */
    private final CountDownLatch asking = new CountDownLatch(1);
    private final CardReaderPort port = new CardReaderPort() {
        @Override
        public List<String> readers() throws CardReaderException {
            return reader.readers();
        }

        @Override
        public CardSession waitForCard(Duration timeout) throws CardReaderException {
            asking.countDown();
            return reader.waitForCard(timeout);
        }

        @Override
        public void close() {
            reader.close();
        }
    };
    private final IdentityWait wait = new IdentityWait(Optional.of(new CardReadService(port, new SocialSecurityCardReader())),
            Optional.of(new ScanInbox()), Optional.empty(), Instant::now);

    private static String code(IdentityWait.Result result) {
        return assertInstanceOf(IdentityWait.Result.None.class, result).refusal().reason().code();
    }

    @Test
    void aSecondWaitWhileOneIsWaitingIsRefusedAtOnceAndTheDevicesAreFreeAgainAfterwards() throws Exception {
        CompletableFuture<IdentityWait.Result> first = CompletableFuture.supplyAsync(
                () -> wait.await(Duration.ofSeconds(30), true, false, TODAY));
        assertTrue(asking.await(10, TimeUnit.SECONDS), "the first wait never asked the reader");
        // A zero wait answers at once: 1357 while the first is waiting, 1352 (nothing presented) once it is not.
        assertEquals("1357", code(wait.await(Duration.ZERO, true, true, TODAY)), "a second wait while the first waits");
        assertEquals("1357", code(wait.await(Duration.ofSeconds(5), false, true, TODAY)), "for the scanner too, and at once");
        assertFalse(first.isDone(), "the first wait goes on");
        reader.insertCard(socialSecurityCard());
        IdentityWait.Result got = first.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IdentityWait.Result.Got.class, got, "the first wait still gets the card");
        reader.removeCard();
        assertEquals("1352", code(wait.await(Duration.ZERO, true, true, TODAY)), "the devices are free again");
    }

    @Test
    void aWaitForAScanEndsWhenItsThreadIsInterrupted() throws Exception {
        AtomicReference<IdentityWait.Result> result = new AtomicReference<>();
        Thread waiting = Thread.ofPlatform().start(() -> result.set(wait.await(Duration.ofSeconds(30), false, true, TODAY)));
        waiting.interrupt();
        waiting.join(Duration.ofSeconds(5));
        assertFalse(waiting.isAlive(), "still waiting 5 s after the interrupt");
        assertEquals("1352", code(result.get()));
        assertEquals("1352", code(wait.await(Duration.ZERO, true, true, TODAY)), "the devices are free again");
    }

    @Test
    void aWaitInterruptedWhileAskingTheReaderEndsAsAWaitNotAsAReaderFault() throws Exception {
        AtomicReference<IdentityWait.Result> result = new AtomicReference<>();
        Thread waiting = Thread.ofPlatform().start(() -> result.set(wait.await(Duration.ofSeconds(30), true, true, TODAY)));
        assertTrue(asking.await(10, TimeUnit.SECONDS), "the wait never asked the reader");
        waiting.interrupt();
        waiting.join(Duration.ofSeconds(5));
        assertFalse(waiting.isAlive(), "still waiting 5 s after the interrupt");
        assertEquals("1352", code(result.get()), "not 1413 读卡器通讯异常: the reader is fine");
    }

    /** The identity tests' simulated 社保卡 (张三), made through its package-private constructor. */
    private static SimulatedCard socialSecurityCard() throws ReflectiveOperationException {
        Class<?> type = Class.forName("org.yibao.terminal.identity.card.SimulatedSocialSecurityCard");
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return (SimulatedCard) constructor.newInstance();
    }
}
