package org.yibao.drivers.card.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.card.CardFault;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.CardReaderException;
import org.yibao.drivers.card.CardReaderPort;
import org.yibao.drivers.card.CardReaders;
import org.yibao.drivers.card.CardResponse;
import org.yibao.drivers.card.CardSession;
import org.yibao.drivers.testrig.PcscRig;

/**
 * The PC/SC adapter against a real pcscd with the vsmartcard virtual reader and the Python
 * 社保卡 (src/test/python/sbcard.py). Ordered because the last tests restart pcscd.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PcscCardReaderIntegrationTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final byte[] SELECT_SSC = HEX.parseHex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF");
    private static final byte[] READ_EF05_07_SFI = HEX.parseHex("00B2072C00");
    private static final byte[] SELECT_EF06 = HEX.parseHex("00A4020002EF06");
    private static final byte[] READ_09 = HEX.parseHex("00B2090400");

    @TempDir static Path work;
    private static PcscRig rig;
    private PcscRig.VirtualCard card;

    @BeforeAll static void startPcscd() throws Exception {
        rig = new PcscRig(work, Path.of("src/test/python/sbcard.py"));
    }

    @AfterAll static void stopPcscd() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @AfterEach void removeCard() throws Exception {
        if (card != null) {
            card.remove();
        }
    }

    private static CardReaderPort reader(String pattern, Duration transmitTimeout) {
        return CardReaders.open(new CardReaderConfig("pcsc", Pattern.compile(pattern), transmitTimeout,
                Duration.ofMillis(100)));
    }

    private static String name(CardSession session) throws CardReaderException {
        assertTrue(session.transmit(SELECT_SSC).isOk());
        assertTrue(session.transmit(SELECT_EF06).isOk());
        CardResponse r = session.transmit(READ_09);
        assertTrue(r.isOk(), r.toString());
        byte[] tlv = r.data();
        assertEquals(0x09, tlv[0]);
        return new String(Arrays.copyOfRange(tlv, 2, 2 + tlv[1]), Charset.forName("GBK")).strip();
    }

    @Test @Order(1) void listsTheReadersThatMatchThePattern() throws Exception {
        assertEquals(List.of(PcscRig.READER_0, PcscRig.READER_1), reader("Virtual PCD", Duration.ofSeconds(5)).readers());
        assertEquals(List.of(PcscRig.READER_1), reader("00 01$", Duration.ofSeconds(5)).readers());
        assertEquals(List.of(), reader("^ACS ACR", Duration.ofSeconds(5)).readers());
    }

    @Test @Order(2) void noMatchingReaderAndNoCardAreTold() {
        CardReaderException none = assertThrows(CardReaderException.class,
                () -> reader("^ACS ACR", Duration.ofSeconds(5)).waitForCard(Duration.ofMillis(300)));
        assertEquals(CardFault.NO_READER, none.fault());
        CardReaderException empty = assertThrows(CardReaderException.class,
                () -> reader("Virtual", Duration.ofSeconds(5)).waitForCard(Duration.ofMillis(300)));
        assertEquals(CardFault.NO_CARD, empty.fault());
    }

    @Test @Order(3) void readsTheCardInTheSelectedReader() throws Exception {
        card = rig.insertCard(1);
        CardReaderPort port = reader("00 01$", Duration.ofSeconds(5));
        try (CardSession session = port.waitForCard(Duration.ofSeconds(10))) {
            assertEquals(PcscRig.READER_1, session.readerName());
            assertTrue(session.isCardPresent());
            assertEquals("张三", name(session));
            CardResponse cardNo = session.transmit(READ_EF05_07_SFI);
            assertArrayEquals("S37150012".getBytes(), Arrays.copyOfRange(cardNo.data(), 2, 11));
        }
        assertEquals(CardFault.NO_CARD, assertThrows(CardReaderException.class,
                () -> reader("00 00$", Duration.ofSeconds(5)).waitForCard(Duration.ofMillis(300))).fault());
    }

    /** A caller that passed a card over learns from the port when it left, without connecting to it again. */
    @Test @Order(3) void tellsWhichReadersHoldACard() throws Exception {
        CardReaderPort port = reader("Virtual PCD", Duration.ofSeconds(5));
        Set<String> both = Set.of(PcscRig.READER_0, PcscRig.READER_1);
        assertEquals(Set.of(), port.holdingCards(both));
        card = rig.insertCard(1);
        assertEquals(Set.of(PcscRig.READER_1), holdingSoon(port, both, Set.of(PcscRig.READER_1)));
        assertEquals(Set.of(), port.holdingCards(Set.of(PcscRig.READER_0)), "only the readers asked about");
        card.remove();
        card = null;
        assertEquals(Set.of(), holdingSoon(port, both, Set.of()));
    }

    /** What the port answers once it answers {@code expected}, or after 15 s (pcscd notices a card at its next poll). */
    private static Set<String> holdingSoon(CardReaderPort port, Set<String> names, Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Set<String> holding = port.holdingCards(names);
        while (!holding.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            holding = port.holdingCards(names);
        }
        return holding;
    }

    @Test @Order(4) void resolves61xxAnd6CxxOnJnaSmartcardio() throws Exception {
        card = rig.insertCard(0, "--chain", "--wrong-le");
        try (CardSession session = reader("00 00$", Duration.ofSeconds(5)).waitForCard(Duration.ofSeconds(10))) {
            assertEquals("张三", name(session));
        }
    }

    @Test @Order(5) void resolves61xxOnTheJdkProviderToo() throws Exception {
        card = rig.insertCard(0, "--chain");
        CardReaderConfig config = new CardReaderConfig("pcsc", Pattern.compile("00 00$"), Duration.ofSeconds(5),
                Duration.ofMillis(100));
        try (CardSession session = new PcscCardReader(config, PcscProviders::jdk).waitForCard(Duration.ofSeconds(10))) {
            assertEquals("张三", name(session));
        }
    }

    @Test @Order(6) void cardPulledOutDuringAnExchangeIsCardRemoved() throws Exception {
        card = rig.insertCard(0, "--sleep-on-record", "09", "--sleep-seconds", "60");
        try (CardSession session = reader("00 00$", Duration.ofSeconds(30)).waitForCard(Duration.ofSeconds(10))) {
            assertTrue(session.transmit(SELECT_SSC).isOk());
            assertTrue(session.transmit(SELECT_EF06).isOk());
            CompletableFuture<CardResponse> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.transmit(READ_09);
                } catch (CardReaderException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, r -> Thread.ofPlatform().daemon().start(r));
            card.await("SLEEPING");
            card.remove();
            ExecutionException e = assertThrows(ExecutionException.class, () -> read.get(30, TimeUnit.SECONDS));
            CardReaderException cause = assertInstanceOf(CardReaderException.class, e.getCause());
            assertEquals(CardFault.CARD_REMOVED, cause.fault(), cause.getMessage());
            assertTrue(session.awaitRemoval(Duration.ofSeconds(10)));
            assertFalse(session.isCardPresent());
        }
    }

    @Test @Order(7) void aCardThatHangsCostsTheCallerOnlyTheTransmitTimeout() throws Exception {
        card = rig.insertCard(0, "--sleep-on-record", "09", "--sleep-seconds", "60");
        CardSession session = reader("00 00$", Duration.ofSeconds(5)).waitForCard(Duration.ofSeconds(10));
        assertTrue(session.transmit(SELECT_SSC).isOk());
        assertTrue(session.transmit(SELECT_EF06).isOk());
        CardReaderException e = assertThrows(CardReaderException.class, () -> session.transmit(READ_09));
        assertEquals(CardFault.TIMEOUT, e.fault());
        card.remove();
        session.close();
    }

    @Test @Order(8) void interruptedWaitGivesUpAndKeepsTheFlag() throws Exception {
        CardReaderPort port = reader("Virtual", Duration.ofSeconds(5));
        AtomicBoolean flag = new AtomicBoolean();
        CompletableFuture<CardFault> fault = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                port.waitForCard(Duration.ofMinutes(5)).close();
                fault.complete(null);
            } catch (CardReaderException e) {
                flag.set(Thread.currentThread().isInterrupted());
                fault.complete(e.fault());
            }
        });
        Thread.sleep(300);
        waiter.interrupt();
        assertEquals(CardFault.INTERRUPTED, fault.get(30, TimeUnit.SECONDS));
        assertTrue(flag.get());
    }

    @Test @Order(9) void survivesAPcscdRestartBetweenTwoReads() throws Exception {
        CardReaderPort port = reader("00 00$", Duration.ofSeconds(5));
        card = rig.insertCard(0);
        try (CardSession session = port.waitForCard(Duration.ofSeconds(10))) {
            assertEquals("张三", name(session));
        }
        card.remove();
        rig.stopPcscd();
        CardReaderException down = assertThrows(CardReaderException.class, () -> port.waitForCard(Duration.ofMillis(500)));
        assertEquals(CardFault.SERVICE_UNAVAILABLE, down.fault());
        assertThrows(CardReaderException.class, port::readers);
        rig.startPcscd();
        card = rig.insertCard(0);
        try (CardSession session = port.waitForCard(Duration.ofSeconds(10))) {
            assertEquals("张三", name(session));
        }
    }

    @Test @Order(10) void readerLostUnderAnOpenSessionFailsItsExchanges() throws Exception {
        CardReaderPort port = reader("00 00$", Duration.ofSeconds(5));
        card = rig.insertCard(0);
        try (CardSession session = port.waitForCard(Duration.ofSeconds(10))) {
            assertTrue(session.transmit(SELECT_SSC).isOk());
            rig.stopPcscd();
            CardReaderException e = assertThrows(CardReaderException.class, () -> session.transmit(SELECT_EF06));
            assertTrue(List.of(CardFault.SERVICE_UNAVAILABLE, CardFault.READER_GONE, CardFault.CARD_REMOVED)
                    .contains(e.fault()), e.getMessage());
            assertFalse(session.isCardPresent());
        } finally {
            rig.startPcscd();
        }
        assertEquals(List.of(PcscRig.READER_0), port.readers());
    }

    /**
     * The field's faults over and over: waits with no card, pcscd going away under a wait (Debian's
     * --auto-exit) and coming back, a card read and pulled out. Each round must give back its
     * PC/SC contexts (a socket to pcscd each), sessions and their threads, or a kiosk left running
     * for weeks runs out of them. Measured after a warm-up round, with a small margin.
     */
    @Test @Order(11) void faultsAndRecoveriesGiveBackTheirContextsAndThreads() throws Exception {
        CardReaderPort port = reader("00 00$", Duration.ofSeconds(5));
        faultRound(port);
        int files = org.yibao.drivers.testrig.ProcessResources.openFiles();
        int threads = org.yibao.drivers.testrig.ProcessResources.threads();
        for (int i = 0; i < 4; i++) {
            faultRound(port);
        }
        Thread.sleep(300); // the last session's release thread ends
        assertTrue(org.yibao.drivers.testrig.ProcessResources.openFiles() <= files + 3,
                "open files grew from " + files + " to " + org.yibao.drivers.testrig.ProcessResources.openFiles());
        assertTrue(org.yibao.drivers.testrig.ProcessResources.threads() <= threads + 3,
                "threads grew from " + threads + " to " + org.yibao.drivers.testrig.ProcessResources.threads());
    }

    private void faultRound(CardReaderPort port) throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(CardFault.NO_CARD, assertThrows(CardReaderException.class,
                    () -> port.waitForCard(Duration.ofMillis(150))).fault());
        }
        card = rig.insertCard(0);
        try (CardSession session = port.waitForCard(Duration.ofSeconds(10))) {
            assertEquals("张三", name(session));
        }
        card.remove();
        card = null;
        rig.stopPcscd();
        assertThrows(CardReaderException.class, () -> port.waitForCard(Duration.ofMillis(300)));
        rig.startPcscd();
    }
}
