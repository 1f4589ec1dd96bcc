package org.yibao.terminal.flow.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardSession;
import org.yibao.drivers.card.simulated.SimulatedCard;
import org.yibao.drivers.card.simulated.SimulatedCardReader;
import org.yibao.terminal.demo.DemoVoucherPlatform;
import org.yibao.terminal.identity.card.CardReadService;
import org.yibao.terminal.identity.card.SocialSecurityCardReader;
import org.yibao.terminal.identity.card.TwoSlotPort;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

/**
 * The one reader and the one scanner serve one wait at a time, the newest: a 1101 that asks to
 * wait while one is waiting ends the older wait (1357) within a slice, so a host that asked again
 * or went away never locks the reader out, and waits never hold more than one API thread; and a
 * wait ends when its thread is interrupted (the API's pool stopping), or when the person at the
 * kiosk presses its button (1377).
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
            awaitGate();
            return reader.waitForCard(timeout);
        }

        @Override
        public void close() {
            reader.close();
        }
    };
    /** When set, a wait asking the reader for a card is held there until it opens: the test decides what happens meanwhile. */
    private volatile CountDownLatch gate;

    /**
     * Holds the wait in its slice on the reader whatever happens meanwhile, interrupts included (as
     * PC/SC's native wait for a card does); an interrupt is kept for after.
     */
    private void awaitGate() {
        CountDownLatch held = gate;
        if (held == null) return;
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                if (held.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) break;
                throw new AssertionError("the gate was never opened");
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private final IdentityWait wait = new IdentityWait(Optional.of(new CardReadService(port, new SocialSecurityCardReader())),
            Optional.of(new ScanInbox()), Optional.empty(), Instant::now);

    /** A thread per wait, as the API gives each request one (the common pool has one worker on two cores). */
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** Issues the QRs of the voucher tests (its key in the trust file {@link #voucherWaits} writes). */
    private final DemoVoucherPlatform platform = new DemoVoucherPlatform();

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

    @Test
    void aQrScannedAsTheHostAskedAgainIsTheNewerWaitsAndIsVerifiedOnce(@TempDir Path dir) throws Exception {
        assertTheNewerWaitGetsTheQr(dir, false);
    }

    @Test
    void aQrScannedJustBeforeTheHostAskedAgainIsTheNewerWaitsToo(@TempDir Path dir) throws Exception {
        assertTheNewerWaitGetsTheQr(dir, true);
    }

    /**
     * The older wait is held in its slice on the reader while the host asks again for a card or a
     * QR and the patient shows the QR ({@code shownFirst}: just before the host asks again).
     */
    private void assertTheNewerWaitGetsTheQr(Path dir, boolean shownFirst) throws Exception {
        ScanInbox inbox = new ScanInbox();
        try (SqliteReplayStore nonces = SqliteReplayStore.open(dir)) {
            IdentityWait waits = voucherWaits(dir, nonces, inbox);
            String qr = platform.issue("37150000000000000003", "王老五", "371502195001013456", "371502", "310", "12",
                    Instant.now());
            gate = new CountDownLatch(1);
            AtomicReference<IdentityWait.Result> older = new AtomicReference<>();
            Thread first = Thread.ofPlatform().start(() -> older.set(waits.await(Duration.ofSeconds(30), true, true, TODAY)));
            assertTrue(asking.await(10, TimeUnit.SECONDS), "the first wait never asked the reader");
            if (shownFirst) inbox.onScan(qr);
            AtomicReference<IdentityWait.Result> newer = new AtomicReference<>();
            Thread second = Thread.ofPlatform().start(() -> newer.set(waits.await(Duration.ofSeconds(30), false, true, TODAY)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!waitingForTheDevices(second) && System.nanoTime() < deadline) Thread.sleep(5);
            assertTrue(waitingForTheDevices(second), "the newer wait should be waiting for the devices: " + second.getState());
            if (!shownFirst) inbox.onScan(qr);
            gate.countDown();
            first.join(Duration.ofSeconds(5));
            second.join(Duration.ofSeconds(10));
            assertEquals("1357", code(older.get()), "the older wait's host asked again: the QR is not its to take");
            IdentityWait.Result.Got got = assertInstanceOf(IdentityWait.Result.Got.class, newer.get(),
                    "the newer wait gets the QR, its voucher not used up by the older one (1519)");
            assertInstanceOf(Presented.Voucher.class, got.presented());
        }
    }

    @Test
    void theKioskButtonEndsTheWaitUnderWayWith1377AndTheNextWaitGetsTheCard() throws Exception {
        CompletableFuture<IdentityWait.Result> first = CompletableFuture.supplyAsync(
                () -> wait.await(Duration.ofSeconds(30), true, true, TODAY), threads);
        assertTrue(asking.await(10, TimeUnit.SECONDS), "the wait never asked the reader");
        wait.cancel();
        assertEquals("1377", code(first.get(5, TimeUnit.SECONDS)), "the person pressed the button: the wait ends");
        reader.insertCard(socialSecurityCard());
        assertInstanceOf(IdentityWait.Result.Got.class, wait.await(Duration.ofSeconds(5), true, true, TODAY),
                "a wait asked for after the press is not cancelled");
    }

    @Test
    void theTerminalStoppingEndsTheWaitUnderWayWithAnAnswerAndEveryLaterWaitAtOnce() throws Exception {
        CompletableFuture<IdentityWait.Result> first = CompletableFuture.supplyAsync(
                () -> wait.await(Duration.ofSeconds(30), true, true, TODAY), threads);
        assertTrue(asking.await(10, TimeUnit.SECONDS), "the wait never asked the reader");
        wait.stopAll();
        IdentityWait.Result ended = first.get(5, TimeUnit.SECONDS);
        assertEquals("1352", code(ended), "ended as the terminal stops, before its HTTP server closes the host's connection");
        assertTrue(((IdentityWait.Result.None) ended).refusal().errMsg().contains("终端正在停止"), String.valueOf(ended));
        reader.insertCard(socialSecurityCard());
        assertEquals("1352", code(wait.await(Duration.ofSeconds(5), true, true, TODAY)), "no wait begins while it stops");
    }

    @Test
    void aPressWhileNothingWaitsCancelsNoLaterWait() throws Exception {
        wait.cancel();
        assertEquals("1352", code(wait.await(Duration.ZERO, true, true, TODAY)));
        wait.cancel();
        reader.insertCard(socialSecurityCard());
        assertInstanceOf(IdentityWait.Result.Got.class, wait.await(Duration.ofSeconds(5), true, true, TODAY));
    }

    @Test
    void aQrTakenAfterThePressIsNotVerifiedSoTheVoucherStaysUsable(@TempDir Path dir) throws Exception {
        ScanInbox inbox = new ScanInbox();
        try (SqliteReplayStore nonces = SqliteReplayStore.open(dir)) {
            IdentityWait waits = voucherWaits(dir, nonces, inbox);
            String qr = platform.issue("37150000000000000003", "王老五", "371502195001013456", "371502", "310", "12",
                    Instant.now());
            gate = new CountDownLatch(1);
            AtomicReference<IdentityWait.Result> cancelled = new AtomicReference<>();
            Thread first = Thread.ofPlatform().start(() -> cancelled.set(waits.await(Duration.ofSeconds(30), true, true, TODAY)));
            assertTrue(asking.await(10, TimeUnit.SECONDS), "the wait never asked the reader");
            waits.cancel();
            inbox.onScan(qr); // shown as the button was pressed, taken by the wait before it sees the press
            gate.countDown();
            first.join(Duration.ofSeconds(5));
            assertEquals("1377", code(cancelled.get()));
            gate = null;
            Thread again = Thread.ofPlatform().start(() -> cancelled.set(waits.await(Duration.ofSeconds(10), false, true, TODAY)));
            while (again.isAlive()) { // shown until taken: a scan before the wait began is dropped, as at the kiosk
                inbox.onScan(qr);
                again.join(Duration.ofMillis(100));
            }
            IdentityWait.Result.Got got = assertInstanceOf(IdentityWait.Result.Got.class, cancelled.get(),
                    "the same QR shown again verifies: the cancelled wait did not use it up (1519)");
            assertInstanceOf(Presented.Voucher.class, got.presented());
        }
    }

    /** Blocked (on the devices' lock: the older wait holds them), not running nor ended. */
    private static boolean waitingForTheDevices(Thread wait) {
        Thread.State state = wait.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /**
     * A reader that is not there answers at once (no PC/SC service, no reader); while the scanner
     * stays, the wait asks it again once a slice (200 ms), and in between waits on the scanner: it
     * spun asking the absent reader thousands of times a second for the whole bound.
     */
    @Test
    void anAbsentReaderIsAskedAgainOnceASliceNotInASpin() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        CardReaderPort absent = new CardReaderPort() {
            @Override
            public List<String> readers() {
                return List.of();
            }

            @Override
            public CardSession waitForCard(Duration timeout) throws CardReaderException {
                asked.incrementAndGet();
                throw new CardReaderException(org.yibao.drivers.card.CardFault.SERVICE_UNAVAILABLE, "no pcscd");
            }

            @Override
            public void close() {
            }
        };
        IdentityWait waitWithoutReader = new IdentityWait(Optional.of(new CardReadService(absent, new SocialSecurityCardReader())),
                Optional.of(new ScanInbox()), Optional.empty(), Instant::now);
        assertEquals("1410", code(waitWithoutReader.await(Duration.ofSeconds(1), true, true, TODAY)),
                "nothing was shown, and the reader's service was down the whole wait: its fault, not 1352");
        assertTrue(asked.get() <= 10, "asked the absent reader " + asked.get() + " times in 1 s");
    }

    /**
     * A wait's last slice may be under a millisecond; the inbox waits it out instead of returning
     * at once (it took the wait in whole milliseconds, 0 here, so the wait's last millisecond spun
     * asking an absent reader: 14 asks in 1 s in a CI run of the test above).
     */
    @Test
    void theScannerWaitsOutASliceUnderAMillisecond() {
        ScanInbox inbox = new ScanInbox();
        for (int i = 0; i < 20; i++) { // warm as well as cold: a cold first call is slow by itself
            long started = System.nanoTime();
            assertTrue(inbox.take(Duration.ofNanos(900_000)).isEmpty());
            long waited = System.nanoTime() - started;
            assertTrue(waited >= 900_000, "take " + i + " returned after " + waited + " ns");
        }
    }

    /**
     * A reader whose PSAM slot (always holding its card) is listed before its contact slot: the
     * wait read the PSAM at its first slice and ended at once with 1404 (此卡不是社会保障卡), so no
     * 1101 could wait for the 社保卡 the person was about to insert; only one inserted before the
     * 1101 was read. The wait goes on past the standing card and reads the 社保卡 once it is in.
     */
    @Test
    void aWaitGoesOnPastACardThatIsNoSocialSecurityCardStandingInAnotherSlot() throws Exception {
        try (TwoSlotPort slots = new TwoSlotPort()) {
            slots.first.insertCard(TwoSlotPort.noSocialSecurityCard());
            IdentityWait withPsam = new IdentityWait(Optional.of(new CardReadService(slots, new SocialSecurityCardReader())),
                    Optional.of(new ScanInbox()), Optional.empty(), Instant::now);
            CompletableFuture<IdentityWait.Result> waiting = CompletableFuture.supplyAsync(
                    () -> withPsam.await(Duration.ofSeconds(10), true, true, TODAY), threads);
            Thread.sleep(500); // the person finds the card while the wait is under way
            slots.second.insertCard(TwoSlotPort.socialSecurityCard());
            IdentityWait.Result result = waiting.get(15, TimeUnit.SECONDS);
            assertInstanceOf(IdentityWait.Result.Got.class, result, result.toString());
            slots.second.removeCard();
            assertEquals("1404", code(withPsam.await(Duration.ofMillis(600), true, true, TODAY)),
                    "nothing else shown: the standing card's refusal at the bound");
        }
    }

    /**
     * A card passed over (the PSAM, which never leaves) is read once in a wait, not at every slice:
     * each read is a connect, a few APDUs and a log line, five times a second for the whole wait.
     */
    @Test
    void aCardPassedOverIsReadOnceInAWait() throws Exception {
        try (TwoSlotPort slots = new TwoSlotPort()) {
            slots.first.insertCard(TwoSlotPort.noSocialSecurityCard());
            IdentityWait withPsam = new IdentityWait(Optional.of(new CardReadService(slots, new SocialSecurityCardReader())),
                    Optional.of(new ScanInbox()), Optional.empty(), Instant::now);
            assertEquals("1404", code(withPsam.await(Duration.ofMillis(1500), true, true, TODAY)));
            assertEquals(1, slots.sessionsIn("Slot PCD 00 00"), "the PSAM read once in seven slices");
            slots.first.removeCard();
            slots.first.insertCard(TwoSlotPort.socialSecurityCard());
            assertInstanceOf(IdentityWait.Result.Got.class, withPsam.await(Duration.ofMillis(1500), true, true, TODAY),
                    "the 社保卡 put where the PSAM was is read");
        }
    }

    /** Waits on this test's reader and {@code inbox}, verifying QRs of {@link #platform} with {@code nonces}. */
    private IdentityWait voucherWaits(Path dir, SqliteReplayStore nonces, ScanInbox inbox) throws Exception {
        Ybec1Verifier verifier = new Ybec1Verifier(TrustFileReader.read(platform.writeTrust(dir, Instant.now())), nonces,
                Ybec1Verifier.DEFAULT_SKEW);
        return new IdentityWait(Optional.of(new CardReadService(port, new SocialSecurityCardReader())),
                Optional.of(inbox), Optional.of(verifier), Instant::now);
    }

    /** The identity tests' simulated 社保卡 (张三), made through its package-private constructor. */
    private static SimulatedCard socialSecurityCard() throws ReflectiveOperationException {
        Class<?> type = Class.forName("org.yibao.terminal.identity.card.SimulatedSocialSecurityCard");
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return (SimulatedCard) constructor.newInstance();
    }
}
