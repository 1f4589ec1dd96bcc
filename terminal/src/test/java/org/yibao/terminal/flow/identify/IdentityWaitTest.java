package org.yibao.terminal.flow.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
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
 * The one reader and the one scanner serve one wait at a time, the newest: a 1101 that asks to
 * wait while one is waiting ends the older wait (1357) within a slice, so a host that asked again
 * or went away never locks the reader out, and waits never hold more than one API thread; and a
 * wait ends when its thread is interrupted (the API's pool stopping).
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

    /** A thread per wait, as the API gives each request one (the common pool has one worker on two cores). */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static String code(IdentityWait.Result result) {
        return assertInstanceOf(IdentityWait.Result.None.class, result).refusal().reason().code();
    }

    @Test
    void aNewerWaitEndsTheOlderOneAtOnceAndGetsTheCard() throws Exception {
        CompletableFuture<IdentityWait.Result> first = CompletableFuture.supplyAsync(
                () -> wait.await(Duration.ofSeconds(30), true, false, TODAY), threads);
        assertTrue(asking.await(10, TimeUnit.SECONDS), "the first wait never asked the reader");
        CompletableFuture<IdentityWait.Result> second = CompletableFuture.supplyAsync(
                () -> wait.await(Duration.ofSeconds(30), true, true, TODAY), threads);
        // The host asked again (its own timeout, or it went away): the older wait ends within a slice.
        assertEquals("1357", code(first.get(5, TimeUnit.SECONDS)), "the older wait ends, superseded");
        assertFalse(second.isDone(), "the newer wait goes on");
        reader.insertCard(socialSecurityCard());
        assertInstanceOf(IdentityWait.Result.Got.class, second.get(10, TimeUnit.SECONDS), "the newer wait gets the card");
        reader.removeCard();
        assertEquals("1352", code(wait.await(Duration.ZERO, true, true, TODAY)), "the devices are free again");
    }

    @Test
    void aZeroWaitEndsAWaitUnderWayAndAnswersAtOnce() throws Exception {
        CompletableFuture<IdentityWait.Result> first = CompletableFuture.supplyAsync(
                () -> wait.await(Duration.ofSeconds(30), true, false, TODAY), threads);
        assertTrue(asking.await(10, TimeUnit.SECONDS), "the first wait never asked the reader");
        assertEquals("1352", code(wait.await(Duration.ZERO, true, true, TODAY)), "nothing on the reader now");
        assertEquals("1357", code(first.get(5, TimeUnit.SECONDS)), "the 30 s wait did not go on holding the reader");
    }

    @Test
    void ofWaitsAskedForTogetherOnlyTheNewestWaitsAndEveryOtherEndsWith1357() throws Exception {
        CompletableFuture<IdentityWait.Result> first = CompletableFuture.supplyAsync(
                () -> wait.await(Duration.ofSeconds(30), true, false, TODAY), threads);
        assertTrue(asking.await(10, TimeUnit.SECONDS), "the first wait never asked the reader");
        List<CompletableFuture<IdentityWait.Result>> more = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            more.add(CompletableFuture.supplyAsync(() -> wait.await(Duration.ofSeconds(30), true, false, TODAY), threads));
        }
        assertEquals("1357", code(first.get(5, TimeUnit.SECONDS)));
        // Which of the five came last is up to the threads: exactly one is still waiting, the rest ended.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (more.stream().filter(CompletableFuture::isDone).count() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<CompletableFuture<IdentityWait.Result>> waiting = more.stream().filter(f -> !f.isDone()).toList();
        assertEquals(1, waiting.size(), "one wait holds the devices");
        for (CompletableFuture<IdentityWait.Result> f : more) {
            if (f.isDone()) assertEquals("1357", code(f.get()));
        }
        reader.insertCard(socialSecurityCard());
        assertInstanceOf(IdentityWait.Result.Got.class, waiting.get(0).get(10, TimeUnit.SECONDS));
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
