package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.card.CardReaderConfig;
import org.yibao.drivers.card.pcsc.PcscCardReader;
import org.yibao.drivers.indicator.Signal;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.scanner.ScannerConfig;
import org.yibao.drivers.scanner.ScannerState;
import org.yibao.drivers.scanner.serial.SerialCodeScanner;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.cli.PcscStack;
import org.yibao.terminal.devices.SocatPair;
import org.yibao.terminal.flow.identify.ScanInbox;

/**
 * A 1101 that waits for a device which is not there, or goes away while it waits, at a kiosk
 * (opter_type 2): the scanner on a real pseudo-terminal (socat; killing it is the unplug), the
 * card reader on the real PC/SC library, with no reader it may use or with a real pcscd, vpcd and
 * the virtual 社保卡 ({@link PcscStack}). The wait ends at once, as a
 * device fault, and the indicators show the fault (red blinking, three long beeps: staff are
 * needed), not a refusal (red, two short beeps: the person's card or code was refused).
 */
class WaitingDeviceFaultsTest {

    private static ObjectNode waitingFor(String certType, int seconds) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", certType).put("mdtrt_cert_no", "").put("term_wait_s", seconds);
        return input;
    }

    /** Signs the cashier in (an answered 1101 by card number) and lets every signal play out. */
    private static int signedIn(FlowRig rig) throws Exception {
        rig.seed(FlowRig.employee());
        ObjectNode byCard = FlowRig.JSON.createObjectNode();
        byCard.putObject("data").put("mdtrt_cert_type", "03").put("mdtrt_cert_no", FlowRig.CARD)
                .put("card_sn", "371500D15600000500BF7C7A48FB4966").put("certno", FlowRig.CERTNO);
        JsonNode answer = rig.call("1101", rig.nextMsgid(), "2", byCard);
        assertEquals(0, answer.path("infcode").asInt(-1), answer.toString());
        rig.scheduler.advance(Duration.ofSeconds(10));
        return rig.indicators.history().size();
    }

    private static List<Signal> signalsSince(FlowRig rig, int before) {
        rig.scheduler.advance(Duration.ofSeconds(10)); // every pattern plays out
        List<SimulatedIndicators.Change> shown = rig.indicators.history();
        return CounterSignals.seen(shown.subList(before, shown.size()));
    }

    @Test
    void aScannerUnpluggedWhileAKioskWaitsForAQrEndsTheWaitAtOnceAsAFault(@TempDir Path dir) throws Exception {
        Waited waited = waitForAQrWhile(dir, SocatPair::close); // the scanner's cable is pulled
        assertEquals("1378", waited.answer().path("term_errcode").asText(), waited.answer().toString());
        assertTrue(waited.answer().path("err_msg").asText().startsWith("扫码器未连接"), waited.answer().toString());
        assertTrue(waited.tookMillis() < 5_000, "the kiosk waited " + waited.tookMillis() + " ms for a QR its scanner can no longer read");
        assertEquals(List.of(Signal.FAULT), waited.signals(), "staff are needed, the person was not refused");
    }

    /**
     * A code whose bytes are not text in the scanner's charset (GBK read by a scanner set to
     * UTF-8) was dropped as noise: the person had shown something, yet the wait ran its whole
     * bound and answered 1352 (nothing shown). Now it ends at once as a code that is no voucher
     * (1502), refused as the person's, not as a fault. Found by the bad-input review.
     */
    @Test
    void aScanThatIsNotTextInTheScannersCharsetEndsTheWaitAsNoVoucher(@TempDir Path dir) throws Exception {
        Waited waited = waitForAQrWhile(dir, pty -> {
            try (java.io.OutputStream line = java.nio.file.Files.newOutputStream(pty.hostEnd)) {
                line.write("医保电子凭证\r".getBytes(java.nio.charset.Charset.forName("GBK")));
            }
        });
        assertEquals("1502", waited.answer().path("term_errcode").asText(), waited.answer().toString());
        assertTrue(waited.tookMillis() < 5_000, "the wait went on " + waited.tookMillis() + " ms after a code was shown");
        assertEquals(List.of(Signal.REFUSAL), waited.signals(), "the code was refused, no device is at fault");
    }

    /**
     * A QR longer than the scanner's frame (4096 bytes, more than any voucher: a prescription or
     * another app's code) was dropped as line noise: the person had shown a code and the scanner
     * had beeped, yet the wait ran its whole bound and answered 1352 (nothing shown), and 1501
     * (二维码内容过长，不是医保电子凭证) could never be given from the scanner. Random line noise
     * cannot make such a run: one byte in 85 is a terminator (CR, LF or TAB). Now it ends the wait
     * as a code that is no voucher (1501), refused as the person's, not as a fault.
     */
    @Test
    void aScanLongerThanAnyVoucherEndsTheWaitWith1501(@TempDir Path dir) throws Exception {
        Waited waited = waitForAQrWhile(dir, pty -> {
            try (java.io.OutputStream line = java.nio.file.Files.newOutputStream(pty.hostEnd)) {
                line.write(("https://rx.example.cn/p?" + "A".repeat(5_000) + "\r").getBytes(StandardCharsets.US_ASCII));
            }
        });
        assertEquals("1501", waited.answer().path("term_errcode").asText(), waited.answer().toString());
        assertTrue(waited.answer().path("err_msg").asText().startsWith("二维码内容过长，不是医保电子凭证"), waited.answer().toString());
        assertEquals(List.of(Signal.REFUSAL), waited.signals(), "the code was refused, no device is at fault");
    }

    /** What happened to the pty's far end while a kiosk waited for a QR. */
    private interface PtyAction {
        void act(SocatPair pty) throws Exception;
    }

    /** A kiosk's 1101 answer, how long after {@code during} it came, and the signals shown since the wait began. */
    private record Waited(JsonNode answer, long tookMillis, List<Signal> signals) {
    }

    /**
     * A kiosk signed in waits up to 8 s for a QR on a scanner on a real pty; once the wait is under
     * way, {@code during} acts on the pty.
     */
    private static Waited waitForAQrWhile(Path dir, PtyAction during) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir.resolve("t")); SocatPair pty = new SocatPair(dir);
             ExecutorService host = Executors.newVirtualThreadPerTaskExecutor()) {
            SerialCodeScanner scanner = new SerialCodeScanner(
                    ScannerConfig.of(ScannerConfig.SERIAL, pty.scannerEnd.toString(), StandardCharsets.UTF_8, ""));
            try {
                scanner.open(rig.scans);
                Eventually.await(Duration.ofSeconds(10), () -> scanner.state() == ScannerState.CONNECTED,
                        () -> "the scanner never opened its pty");
                int before = signedIn(rig);
                AtomicReference<Thread> caller = new AtomicReference<>();
                CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> {
                    caller.set(Thread.currentThread());
                    return call(rig, waitingFor("01", 8));
                }, host);
                // the wait is under way once it takes from the scanner's inbox: it forgets what came before it began,
                // so a code shown after a guessed pause that a busy machine had not begun the wait in was never seen
                Eventually.await(Duration.ofSeconds(10), () -> takingScans(caller.get()), () -> "the wait never began");
                long acted = System.nanoTime();
                during.act(pty);
                JsonNode answer = waiting.get(15, TimeUnit.SECONDS);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acted);
                return new Waited(answer, took, signalsSince(rig, before));
            } finally {
                scanner.close();
            }
        }
    }

    /** Whether {@code thread} (a virtual one, out of {@link Thread#getAllStackTraces}) waits in the scanner's inbox. */
    private static boolean takingScans(Thread thread) {
        return thread != null && Arrays.stream(thread.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(ScanInbox.class.getName()) && f.getMethodName().equals("take"));
    }

    @Test
    void aWaitForAQrWithTheScannerNeverConnectedIsAFaultWhileACardIsStillRead(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir.resolve("t"))) {
            SerialCodeScanner scanner = new SerialCodeScanner(ScannerConfig.of(ScannerConfig.SERIAL,
                    dir.resolve("no-such-tty").toString(), StandardCharsets.UTF_8, ""));
            try {
                scanner.open(rig.scans);
                int before = signedIn(rig);
                long asked = System.nanoTime();
                JsonNode answer = rig.call("1101", rig.nextMsgid(), "2", waitingFor("01", 5));
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
                assertEquals("1378", answer.path("term_errcode").asText(), answer.toString());
                assertTrue(took < 4_000, "waited " + took + " ms on a scanner that never opened");
                assertEquals(List.of(Signal.FAULT), signalsSince(rig, before));

                // The scanner is left aside for a wait that may also take a card, as a missing reader is for a QR.
                rig.reader.insertCard(IdentifyFlowTest.socialSecurityCard());
                JsonNode card = rig.call("1101", rig.nextMsgid(), "2", waitingFor("", 5));
                assertEquals(0, card.path("infcode").asInt(-1), card.toString());
                assertEquals("03", card.at("/output/term_certinfo/mdtrt_cert_type").asText());
            } finally {
                scanner.close();
            }
        }
    }

    /**
     * The PC/SC library finds no reader of the configured name, or no pcscd at all (none runs
     * for this JVM on a test machine): 1401 or 1410, each telling to check the reader or call a
     * technician, and signalled as the fault they are.
     */
    @Test
    void aCardReaderFaultDuringAKioskWaitIsSignalledAsAFaultNotARefusal(@TempDir Path dir) throws Exception {
        try (PcscCardReader reader = new PcscCardReader(CardReaderConfig.of(CardReaderConfig.PCSC, "^本机没有这个读卡器$"));
             FlowRig rig = FlowRig.offline(dir, reader)) {
            int before = signedIn(rig);
            JsonNode answer = rig.call("1101", rig.nextMsgid(), "2", waitingFor("03", 3));
            assertTrue(Set.of("1401", "1410").contains(answer.path("term_errcode").asText()), answer.toString());
            assertEquals(List.of(Signal.FAULT), signalsSince(rig, before),
                    "a reader that is not there needs staff: " + answer.path("err_msg").asText());
        }
    }

    /**
     * A wait for a card or a QR whose reader is missing for the whole wait (unplugged, or pcscd
     * not running): the wait goes on with the scanner, as it should, but at its bound it answered
     * 1352 (等待时间内未读到社保卡或医保电子凭证), as if the person had shown nothing, and signalled a
     * refusal: the cashier had the card inserted again into a reader the terminal could not see,
     * and was never told to check it. Now the bound ends with the reader's own fault (1401, or
     * 1410 with no pcscd), saying how long it waited, and signals the fault.
     */
    @Test
    void aWaitForACardOrAQrWhoseReaderStaysAwayEndsWithTheReadersFault(@TempDir Path dir) throws Exception {
        try (PcscCardReader reader = new PcscCardReader(CardReaderConfig.of(CardReaderConfig.PCSC, "^本机没有这个读卡器$"));
             FlowRig rig = FlowRig.offline(dir, reader)) {
            int before = signedIn(rig);
            JsonNode answer = rig.call("1101", rig.nextMsgid(), "2", waitingFor("", 2));
            assertTrue(Set.of("1401", "1410").contains(answer.path("term_errcode").asText()), answer.toString());
            assertTrue(answer.path("err_msg").asText().contains("等待 2 秒"), answer.toString());
            assertEquals(List.of(Signal.FAULT), signalsSince(rig, before),
                    "a reader that is not there needs staff: " + answer.path("err_msg").asText());
        }
    }

    /**
     * A wait for a card or a QR whose reader goes away (here pcscd stopped: Debian runs it with
     * --auto-exit and restarts it; a reader's USB re-enumerating is the same) goes on with the
     * scanner, and reads the card inserted once the reader is back: it was left aside for the rest
     * of the wait, so the person's card was never read and the answer, after the whole bound, said
     * that nothing had been shown (1352).
     */
    @Test
    void aReaderBackDuringAWaitForACardOrAQrReadsTheCardInsertedThen(@TempDir Path dir) throws Exception {
        try (PcscStack pcsc = new PcscStack(dir.resolve("pcsc"), PcscStack.inJvmRun());
             PcscCardReader reader = new PcscCardReader(CardReaderConfig.of(CardReaderConfig.PCSC, "^Virtual PCD 00 00$"));
             FlowRig rig = FlowRig.offline(dir.resolve("t"), reader);
             ExecutorService host = Executors.newVirtualThreadPerTaskExecutor()) {
            signedIn(rig);
            pcsc.stopPcscd(); // the reader's service goes away as the kiosk starts waiting
            CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> call(rig, waitingFor("", 10)), host);
            Thread.sleep(1_000); // the wait found no reader and goes on with the scanner
            assertTrue(!waiting.isDone(), "the wait goes on while the scanner is there: " + waiting.getNow(null));
            pcsc.startPcscd();
            pcsc.insertCard();
            long inserted = System.nanoTime();
            JsonNode answer = waiting.get(30, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - inserted);
            assertEquals(0, answer.path("infcode").asInt(-1), "the card in the reader is read: " + answer);
            assertEquals("03", answer.at("/output/term_certinfo/mdtrt_cert_type").asText(), answer.toString());
            assertEquals("S37150012", answer.at("/output/term_certinfo/mdtrt_cert_no").asText(), "卡号");
            assertEquals(FlowRig.PSN, answer.at("/output/baseinfo/psn_no").asText());
            assertTrue(took < 10_000, "read " + took + " ms after the card went in");
        }
    }

    /**
     * A card that stops answering in the middle of its read (a bad contact; here the virtual card
     * hangs before record 09) held the wait in one APDU exchange for the reader's transmit timeout
     * (10 s): the kiosk button pressed meanwhile was not heeded, and 10 s later the person was
     * answered 1411 读卡器无响应 with the refusal's red light. The press ends the wait within a
     * slice or so (1377, no light), as at any other moment of a wait.
     */
    @Test
    void theKioskButtonEndsAWaitHeldByACardThatStoppedAnswering(@TempDir Path dir) throws Exception {
        try (PcscStack pcsc = new PcscStack(dir.resolve("pcsc"), PcscStack.inJvmRun());
             PcscCardReader reader = new PcscCardReader(CardReaderConfig.of(CardReaderConfig.PCSC, "^Virtual PCD 00 00$"));
             FlowRig rig = FlowRig.offline(dir.resolve("t"), reader);
             ExecutorService host = Executors.newVirtualThreadPerTaskExecutor()) {
            int before = signedIn(rig);
            pcsc.insertCard("--sleep-on-record", "09", "--sleep-seconds", "30");
            CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> call(rig, waitingFor("", 10)), host);
            pcsc.awaitCard("SLEEPING"); // the read hangs inside the holder's records
            Thread.sleep(300);
            long pressed = System.nanoTime();
            rig.indicators.pressButton();
            rig.indicators.releaseButton();
            JsonNode answer = waiting.get(30, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pressed);
            assertEquals("1377", answer.path("term_errcode").asText(), answer.toString());
            assertTrue(took < 5_000, "the press was heeded " + took + " ms later");
            assertEquals(List.of(), signalsSince(rig, before), "the person cancelled: no light, no beeps");
        }
    }

    private static JsonNode call(FlowRig rig, ObjectNode input) {
        try {
            return rig.call("1101", rig.nextMsgid(), "2", input);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
