package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import org.yibao.drivers.indicator.Signal;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.PrinterStatus;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.terminal.cli.TerminalCli;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.identity.card.SimulatedSocialSecurityCard;
import org.yibao.terminal.identity.voucher.VoucherFixtures;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.receipt.PrinterReason;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.store.receipt.KeptReceipt;
import org.yibao.terminal.store.settlement.StoredSettlement;
import picocli.CommandLine;

/**
 * Receipts and indicators under printer faults (issue: "Printer offline or out of paper never
 * undoes a settlement: the receipt is kept and {@code terminal receipt reprint SETL_ID} (and an API
 * call) prints it later"; "Success, refusal and fault each have their own signal"; DESIGN step 3),
 * over random runs through the real flows with the simulated printer and indicators: purchases
 * identified by card, voucher or ID number at the counter and by card or voucher at a kiosk, and
 * clinic visits (2201/2204/2207), with 甲/乙/丙 lines; a refused purchase; reversals (2103 / 2208,
 * some of settlements already reversed); the printer going offline, out of paper, into a fault
 * and back; the paper running out while a receipt prints; reprints through the API (the latest,
 * of a kind, twice in a row, of an unknown setl_id, every receipt still waiting) and by
 * {@code terminal receipt reprint}; answered requests sent again; restarts; time passing.
 * Every run ends with the printer seen to and the waiting receipts reprinted: none still waits.
 * After every step the model says, and the test checks:
 * <ul>
 *   <li>every answered settlement stands (settled, or reversed only by its 2103 / 2208), whatever the
 *       printer did; the answer warns of a printer problem exactly when the printer reported one;</li>
 *   <li>each printed document, decoded from the ESC/POS bytes the printer received, is exactly the
 *       receipt expected next (setl_id text and QR, one cut, lines with 甲/乙/丙, totals, marks)
 *       with the person masked (the card number too, when paid by card) and nothing personal
 *       unmasked; a reprint is the first print of that kept receipt plus 重打;</li>
 *   <li>each kept receipt is marked printed exactly when some print of it reached the printer, so
 *       the unmarked ones are those still waiting for a reprint;</li>
 *   <li>the counter sees success (printed), success then the fault (not printed: the settlement
 *       stands, the printer needs staff) or refusal, as {@link Signal} describes them (light and beeps);
 *       a reprint that does not print shows the fault, one that prints nothing (the paper is the
 *       signal); a reprint of a kind the settlement has no receipt of is 1364.</li>
 * </ul>
 * Reprints through the API are the cashier's (the role allows {@code term_receipt_reprint}).
 */
class ReceiptsUnderPrinterFaultsPropertiesTest {
    static final String EC_TOKEN = VoucherFixtures.payload().ecToken;
    private static final String UNKNOWN_SETL_ID = FlowRig.DEVICE + "-S99999999";
    /** {@link FlowRig#CARD} as receipts print it: first character and last two. */
    private static final String MASKED_CARD = "D******01";

    sealed interface Step {
    }

    enum Credential { CARD, VOUCHER, ID_NUMBER }

    /** One purchase line: a 甲 / 乙 / 丙 drug of the test catalogue, {@code cnt} × {@code priceFen}. */
    record Line(String code, String level, long priceFen, int cnt) {
        long amountFen() {
            return priceFen * cnt;
        }
    }

    /** 1101 by {@code by}, then 2102 with its answer's credential. */
    record Purchase(Credential by, List<Line> lines, boolean useAccount) implements Step {
    }

    /** At a kiosk (opter_type 2, no account, within its amount limit): 1101 by card or voucher, then 2102. */
    record KioskPurchase(Credential by, List<Line> lines) implements Step {
    }

    /** A clinic visit (门慢, med_type 14) by ID number: 2201, 2204 with the lines, 2207; reversed by 2208. */
    record ClinicVisit(List<Line> lines) implements Step {
    }

    /**
     * A 2102 refused: naming a card that did not identify the person (1309), or at a kiosk asking
     * for the account, which the rig's kiosk may not use (1372).
     */
    record RefusedPurchase(boolean kioskAccount) implements Step {
    }

    /** 2103 (2208 for a clinic visit) of an answered settlement, perhaps already reversed. */
    record Reverse(int pick) implements Step {
    }

    /** The printer is switched off, runs out of paper, opens its cover, or is ready again. */
    record PrinterBecomes(PrinterStatus state) implements Step {
    }

    /** The paper runs out while the next receipt prints (after the answer said nothing about the printer). */
    record PaperRunsOutMidReceipt() implements Step {
    }

    /**
     * {@code term_receipt_reprint} of an answered settlement, of {@code kind} or the latest, {@code times}
     * in a row; {@code waiting}: the settlement whose latest receipt waits for a reprint, when there is one
     * (what a cashier does once the printer is back).
     */
    record Reprint(int pick, boolean waiting, Optional<Receipt.Kind> kind, int times) implements Step {
    }

    /** {@code term_receipt_reprint} of every kept receipt that never printed, by setl_id and kind, oldest first. */
    record ReprintAllWaiting() implements Step {
    }

    /** {@code term_receipt_reprint} of a setl_id the terminal never answered. */
    record ReprintUnknown() implements Step {
    }

    /** {@code terminal receipt reprint SETL_ID --data-dir DIR --simulated --paper 80} while the terminal runs. */
    record ReprintByCommand(int pick) implements Step {
    }

    record MinutesPass(int minutes) implements Step {
    }

    /** An answered request (2102, 2103, 2201, 2204, 2207, 2208) sent again byte for byte: its recorded answer, no print, no signal. */
    record Resend(int pick) implements Step {
    }

    /**
     * The terminal stops (receipts queued print first) and starts again on its data folder, with a
     * printer just switched on: the kept receipts and their printed marks are still there.
     */
    record Restart() implements Step {
    }

    /** A request the terminal answered, and its answer. */
    private record Answered(ObjectNode envelope, String answer) {
    }

    /** An answered settlement as the model knows it. */
    private static final class Settled {
        final String setlId;
        final String mdtrtId;
        /** 2103 for a pharmacy settlement, 2208 for a clinic visit's. */
        final String reverseInfno;
        final ExpectedReceipt receipt;
        ExpectedReceipt reversal;
        final Map<Receipt.Kind, Boolean> printed = new EnumMap<>(Receipt.Kind.class);
        /** The transcript of the first print of each kept receipt, 重打 mark removed. */
        final Map<Receipt.Kind, String> firstPrint = new EnumMap<>(Receipt.Kind.class);

        Settled(String setlId, String mdtrtId, String reverseInfno, ExpectedReceipt receipt) {
            this.setlId = setlId;
            this.mdtrtId = mdtrtId;
            this.reverseInfno = reverseInfno;
            this.receipt = receipt;
            printed.put(Receipt.Kind.SETTLEMENT, false);
        }

        boolean reversed() {
            return reversal != null;
        }

        Receipt.Kind latest() {
            return reversed() ? Receipt.Kind.REVERSAL : Receipt.Kind.SETTLEMENT;
        }

        Optional<ExpectedReceipt> kept(Receipt.Kind kind) {
            return Optional.ofNullable(kind == Receipt.Kind.SETTLEMENT ? receipt : reversal);
        }
    }

    /** The model: what was answered, what the printer will do, and what this step must show. */
    private static final class Model {
        final List<Settled> settled = new ArrayList<>();
        final List<Answered> answered = new ArrayList<>();
        final List<String> unmasked = new ArrayList<>(List.of("张三", FlowRig.CERTNO, FlowRig.CARD, EC_TOKEN));
        PrinterStatus printer = PrinterStatus.READY;
        boolean paperRunsOutAtNextPrint;
        /** This step's prints on the terminal's printer, in order, with the settlement each belongs to. */
        final List<Map.Entry<Settled, ExpectedReceipt>> prints = new ArrayList<>();
        /** What the counter must see in this step, in turn (none for most steps). */
        List<Signal> signal = List.of();
        /** What this step came to, for the run's statistics. */
        String outcome;
        private String stepName;

        void startStep(Step step) {
            prints.clear();
            signal = List.of();
            stepName = step.getClass().getSimpleName();
            outcome = stepName;
        }

        /** The printer as the next print finds it. */
        PrinterStatus atNextPrint() {
            return paperRunsOutAtNextPrint ? PrinterStatus.PAPER_OUT : printer;
        }

        /** A print of {@code receipt} of {@code s} on the terminal's printer; true when it printed. */
        boolean print(Settled s, ExpectedReceipt receipt) {
            PrinterStatus now = atNextPrint();
            if (paperRunsOutAtNextPrint) {
                printer = PrinterStatus.PAPER_OUT;
                paperRunsOutAtNextPrint = false;
            }
            if (now != PrinterStatus.READY) return false;
            prints.add(Map.entry(s, receipt));
            s.printed.put(receipt.kind(), true);
            return true;
        }

        /** The receipt desk after an answered settlement or reversal: print, then success, and the fault when it did not print. */
        void printAndSignal(Settled s, ExpectedReceipt receipt) {
            boolean printed = print(s, receipt);
            signal = printed ? List.of(Signal.SUCCESS) : List.of(Signal.SUCCESS, Signal.FAULT);
            outcome += printed ? ": printed" : ": kept, not printed";
        }

        /** The first settlement whose latest receipt never printed. */
        Optional<Settled> waiting() {
            return settled.stream().filter(s -> !s.printed.get(s.latest())).findFirst();
        }

        Optional<Settled> pick(int pick) {
            return settled.isEmpty() ? Optional.empty() : Optional.of(settled.get(pick % settled.size()));
        }
    }

    /** The simulated printer, whose paper can be made to run out just as the next receipt reaches it. */
    private static final class PaperRunsOut implements ReceiptPrinter {
        final SimulatedPrinter printer = new SimulatedPrinter();
        private final AtomicBoolean armed = new AtomicBoolean();

        @Override
        public PrintResult print(ReceiptDocument document) {
            if (armed.getAndSet(false)) printer.paperOut();
            return printer.print(document);
        }

        @Override
        public PrinterStatus status() {
            return printer.status();
        }

        @Override
        public void close() {
            printer.close();
        }
    }

    /** The terminal under test: the rig on the run's data folder and its printer; {@link #restart} replaces both. */
    private static final class Terminal implements AutoCloseable {
        final Path dir;
        final HandClock clock = new HandClock(FlowRig.START);
        PaperRunsOut printer;
        FlowRig rig;
        private int starts;

        Terminal(Path dir) throws Exception {
            this.dir = dir;
            start();
        }

        private void start() throws Exception {
            PaperRunsOut fresh = new PaperRunsOut();
            printer = fresh;
            rig = new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults(), FlowRig.KIOSK, clock, db -> fresh);
            rig.skipMsgids(1_000 * starts++); // never a msgid of an earlier start
        }

        void restart() throws Exception {
            rig.close();
            start();
        }

        @Override
        public void close() {
            rig.close();
        }
    }

    @Property(tries = 8, edgeCases = EdgeCasesMode.NONE)
    void aPrinterFaultNeverUndoesASettlementAndEveryReceiptPrintsOnceReady(@ForAll("runs") List<Step> run) throws Exception {
        Path dir = Files.createTempDirectory("receipts");
        try (Terminal terminal = new Terminal(dir)) {
            terminal.rig.seed(FlowRig.employee());
            Model model = new Model();
            for (Step step : run) {
                model.startStep(step);
                if (step instanceof Restart) {
                    terminal.restart();
                    model.printer = PrinterStatus.READY;
                    model.paperRunsOutAtNextPrint = false;
                }
                int signalsBefore = terminal.rig.indicators.history().size();
                int printedBefore = terminal.printer.printer.printed().size();
                apply(terminal.rig, terminal.printer, model, step);
                verify(terminal.rig, terminal.printer.printer, model, step, signalsBefore, printedBefore);
                Statistics.label("steps").collect(model.outcome);
            }
            assertTrue(model.settled.stream().allMatch(s -> !s.printed.containsValue(false)),
                    "the printer seen to and the waiting receipts reprinted, none still waits");
            Statistics.label("steps").coverage(c -> c.checkQuery(v -> v.getFirst().toString().endsWith("never printed: printed"))
                    .count(n -> n > 0));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void apply(FlowRig rig, PaperRunsOut printer, Model model, Step step) throws Exception {
        switch (step) {
            case Purchase p -> purchase(rig, model, p);
            case ClinicVisit v -> clinicVisit(rig, model, v);
            case KioskPurchase k -> purchase(rig, model, new Purchase(k.by(), k.lines(), false), "2");
            case RefusedPurchase r -> refusedPurchase(rig, model, r.kioskAccount());
            case Reverse r -> reverse(rig, model, r);
            case PrinterBecomes b -> {
                switch (b.state()) {
                    case READY -> printer.printer.restore();
                    case OFFLINE -> printer.printer.offline();
                    case PAPER_OUT -> printer.printer.paperOut();
                    case ERROR -> printer.printer.fault();
                }
                model.printer = b.state();
            }
            case PaperRunsOutMidReceipt p -> {
                printer.armed.set(true);
                model.paperRunsOutAtNextPrint = true;
            }
            case Reprint r -> {
                Optional<Settled> waiting = r.waiting() ? model.waiting() : Optional.empty();
                Optional<Settled> s = waiting.or(() -> model.pick(r.pick()));
                Optional<Receipt.Kind> kind = waiting.isPresent() ? Optional.empty() : r.kind();
                for (int i = 0; i < r.times() && s.isPresent(); i++) reprint(rig, model, s.get(), kind);
            }
            case ReprintAllWaiting w -> {
                for (Settled s : List.copyOf(model.settled)) {
                    for (Receipt.Kind kind : Receipt.Kind.values()) {
                        if (!s.printed.getOrDefault(kind, true)) reprint(rig, model, s, Optional.of(kind));
                    }
                }
            }
            case ReprintUnknown u -> {
                JsonNode refused = atTheCounter(rig, "term_receipt_reprint", reprintInput(UNKNOWN_SETL_ID, Optional.empty()));
                assertEquals("1360", refused.path("term_errcode").asText(), refused.toString());
            }
            case ReprintByCommand c -> {
                Optional<Settled> s = model.pick(c.pick());
                if (s.isPresent()) reprintByCommand(rig, model, s.get());
            }
            case MinutesPass m -> {
                rig.clock.advance(Duration.ofMinutes(m.minutes()));
                rig.newShift();
            }
            case Resend r -> {
                if (!model.answered.isEmpty()) {
                    Answered earlier = model.answered.get(r.pick() % model.answered.size());
                    assertEquals(earlier.answer(), rig.raw(earlier.envelope()), "the recorded answer, and no second receipt");
                }
            }
            case Restart r -> {
            }
        }
    }

    /** Sends {@code infno} as the cashier at the counter (a cashier may reprint: Role). */
    private static JsonNode atTheCounter(FlowRig rig, String infno, ObjectNode input) throws Exception {
        return FlowRig.JSON.readTree(rig.raw(rig.envelope(infno, rig.nextMsgid(), input)));
    }

    /** Sends a cashier's {@code infno}; an answered one is kept for {@link Resend}. */
    private static JsonNode send(FlowRig rig, Model model, String infno, ObjectNode input) throws Exception {
        return send(rig, model, infno, "1", input);
    }

    /** As above, from a counter (opter_type 1) or a kiosk (2). */
    private static JsonNode send(FlowRig rig, Model model, String infno, String opterType, ObjectNode input) throws Exception {
        ObjectNode envelope = rig.envelope(infno, rig.nextMsgid(), input);
        envelope.put("opter_type", opterType);
        String answer = rig.raw(envelope);
        JsonNode parsed = FlowRig.JSON.readTree(answer);
        if (parsed.path("infcode").asInt() == 0) model.answered.add(new Answered(envelope, answer));
        return parsed;
    }

    private static void purchase(FlowRig rig, Model model, Purchase p) throws Exception {
        purchase(rig, model, p, "1");
    }

    private static void purchase(FlowRig rig, Model model, Purchase p, String opterType) throws Exception {
        JsonNode identified = identify(rig, model, p.by(), opterType);
        assertEquals(0, identified.path("infcode").asInt(), "1101 by " + p.by() + ": " + identified);
        ObjectNode input = purchaseInput(p, identified.at("/output/term_certinfo"));
        PrinterStatus reported = model.printer;
        LocalDateTime at = LocalDateTime.now(rig.clock);
        JsonNode answer = send(rig, model, "2102", opterType, input);
        assertEquals(0, answer.path("infcode").asInt(), p + ": " + answer);
        warnsOfThePrinterOnlyWhenItReportedAProblem(answer, reported);
        String card = p.by() == Credential.CARD ? MASKED_CARD : ""; // issue: "masked name and numbers"
        settled(model, answer, "2103", p.lines(), card, at);
    }

    /** The model takes an answered 2102 / 2207: the settlement, its receipt, printed (success) or kept (fault). */
    private static void settled(Model model, JsonNode answer, String reverseInfno, List<Line> lines, String maskedCard,
                                LocalDateTime at) {
        JsonNode info = answer.at("/output/setlinfo");
        List<ExpectedReceipt.Item> items = lines.stream()
                .map(l -> new ExpectedReceipt.Item(l.code(), l.level(), l.cnt(), l.amountFen())).toList();
        ExpectedReceipt receipt = new ExpectedReceipt(info.path("setl_id").asText(), Receipt.Kind.SETTLEMENT, false, at,
                maskedCard, items, fen(info, "medfee_sumamt"), fen(info, "hifp_pay"), fen(info, "acct_pay"),
                fen(info, "psn_cash_pay"), fen(info, "balc"));
        assertEquals(lines.stream().mapToLong(Line::amountFen).sum(), receipt.medfee(), "the total: " + info);
        Settled s = new Settled(receipt.setlId(), info.path("mdtrt_id").asText(), reverseInfno, receipt);
        model.settled.add(s);
        model.printAndSignal(s, receipt);
    }

    private static void clinicVisit(FlowRig rig, Model model, ClinicVisit v) throws Exception {
        LocalDateTime at = LocalDateTime.now(rig.clock);
        ObjectNode register = FlowRig.JSON.createObjectNode();
        register.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310").put("ipt_otp_no", "OP-" + model.settled.size())
                .put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO)
                .put("begntime", at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        JsonNode registered = send(rig, model, "2201", register);
        assertEquals(0, registered.path("infcode").asInt(), registered.toString());
        String mdtrtId = registered.at("/output/data/mdtrt_id").asText();
        ObjectNode fees = FlowRig.JSON.createObjectNode();
        ArrayNode detail = fees.putArray("feedetail");
        int sn = 0;
        for (Line l : v.lines()) {
            detail.addObject().put("feedetl_sn", Integer.toString(++sn)).put("mdtrt_id", mdtrtId).put("psn_no", FlowRig.PSN)
                    .put("med_type", "14").put("med_list_codg", l.code()).put("det_item_fee_sumamt", ExpectedReceipt.yuan(l.amountFen()))
                    .put("cnt", Integer.toString(l.cnt())).put("pric", ExpectedReceipt.yuan(l.priceFen()));
        }
        JsonNode uploaded = send(rig, model, "2204", fees);
        assertEquals(0, uploaded.path("infcode").asInt(), uploaded.toString());
        long total = v.lines().stream().mapToLong(Line::amountFen).sum();
        ObjectNode settle = FlowRig.JSON.createObjectNode();
        settle.putObject("data").put("psn_no", FlowRig.PSN).put("mdtrt_id", mdtrtId).put("med_type", "14")
                .put("dise_codg", "M03900").put("insutype", "310").put("acct_used_flag", "0")
                .put("medfee_sumamt", ExpectedReceipt.yuan(total)).put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO);
        PrinterStatus reported = model.printer;
        at = LocalDateTime.now(rig.clock);
        JsonNode answer = send(rig, model, "2207", settle);
        assertEquals(0, answer.path("infcode").asInt(), v + ": " + answer);
        warnsOfThePrinterOnlyWhenItReportedAProblem(answer, reported);
        assertEquals(mdtrtId, answer.at("/output/setlinfo/mdtrt_id").asText());
        settled(model, answer, "2208", v.lines(), "", at);
    }

    private static JsonNode identify(FlowRig rig, Model model, Credential by, String opterType) throws Exception {
        return switch (by) {
            case ID_NUMBER -> {
                ObjectNode input = FlowRig.JSON.createObjectNode();
                input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
                yield rig.call("1101", rig.nextMsgid(), opterType, input);
            }
            case CARD -> {
                rig.reader.insertCard(SimulatedSocialSecurityCard.of(FlowRig.CARD, FlowRig.CERTNO, "张三", "1", "371502",
                        LocalDate.of(1988, 1, 1)));
                try {
                    JsonNode answer = rig.call("1101", rig.nextMsgid(), opterType, waiting());
                    String cardSn = answer.at("/output/term_certinfo/card_sn").asText();
                    if (!cardSn.isBlank()) model.unmasked.add(cardSn);
                    yield answer;
                } finally {
                    rig.reader.removeCard();
                }
            }
            case VOUCHER -> whileScanning(rig, voucher(rig), opterType);
        };
    }

    private static String voucher(FlowRig rig) {
        VoucherFixtures.Payload payload = VoucherFixtures.payload();
        payload.psnNo = FlowRig.PSN;
        payload.iat = rig.clock.instant().getEpochSecond() - 10;
        payload.exp = payload.iat + 120;
        return VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", payload);
    }

    private static JsonNode whileScanning(FlowRig rig, String qr, String opterType) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread customer = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                rig.scans.onScan(qr);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            return rig.call("1101", rig.nextMsgid(), opterType, waiting());
        } finally {
            done.set(true);
            customer.join();
        }
    }

    private static ObjectNode waiting() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "").put("mdtrt_cert_no", "").put("term_wait_s", 5);
        return input;
    }

    private static ObjectNode purchaseInput(Purchase p, JsonNode certinfo) {
        long total = p.lines().stream().mapToLong(Line::amountFen).sum();
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("druginfo").put("psn_no", FlowRig.PSN).put("mdtrt_cert_type", certinfo.path("mdtrt_cert_type").asText())
                .put("mdtrt_cert_no", certinfo.path("mdtrt_cert_no").asText()).put("insutype", "310").put("med_type", "41")
                .put("medfee_sumamt", ExpectedReceipt.yuan(total)).put("acct_used_flag", p.useAccount() ? "1" : "0")
                .put("psn_name", "张三");
        ArrayNode detail = input.putArray("drugdetail");
        int sn = 0;
        for (Line l : p.lines()) {
            detail.addObject().put("feedetl_sn", Integer.toString(++sn)).put("med_list_codg", l.code())
                    .put("det_item_fee_sumamt", ExpectedReceipt.yuan(l.amountFen())).put("cnt", Integer.toString(l.cnt()))
                    .put("pric", ExpectedReceipt.yuan(l.priceFen()));
        }
        return input;
    }

    private static void refusedPurchase(FlowRig rig, Model model, boolean kioskAccount) throws Exception {
        String card = kioskAccount ? FlowRig.CARD : "NOTACARD";
        ObjectNode input = purchaseInput(new Purchase(Credential.CARD, List.of(new Line(Fixtures.JIA, "甲", 1_000, 1)), kioskAccount),
                FlowRig.JSON.createObjectNode().put("mdtrt_cert_type", "03").put("mdtrt_cert_no", card));
        JsonNode refused = send(rig, model, "2102", kioskAccount ? "2" : "1", input);
        assertEquals(kioskAccount ? "1372" : "1309", refused.path("term_errcode").asText(), refused.toString());
        model.signal = List.of(Signal.REFUSAL);
        model.outcome += ": " + refused.path("term_errcode").asText();
    }

    private static void reverse(FlowRig rig, Model model, Reverse r) throws Exception {
        Optional<Settled> picked = model.pick(r.pick());
        if (picked.isEmpty()) return;
        Settled s = picked.get();
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("setl_id", s.setlId).put("mdtrt_id", s.mdtrtId).put("psn_no", FlowRig.PSN);
        PrinterStatus reported = model.printer;
        LocalDateTime at = LocalDateTime.now(rig.clock);
        JsonNode answer = send(rig, model, s.reverseInfno, input);
        if (s.reversed()) {
            assertEquals("1361", answer.path("term_errcode").asText(), "reversed once only: " + answer);
            model.outcome = model.stepName + ": 1361";
            model.signal = List.of(Signal.REFUSAL);
            return;
        }
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        warnsOfThePrinterOnlyWhenItReportedAProblem(answer, reported);
        ExpectedReceipt original = s.receipt;
        List<ExpectedReceipt.Item> negated = original.items().stream()
                .map(i -> new ExpectedReceipt.Item(i.name(), i.level(), -i.quantity(), -i.amountFen())).toList();
        s.reversal = new ExpectedReceipt(s.setlId, Receipt.Kind.REVERSAL, false, at, original.maskedCardNo(), negated, -original.medfee(),
                -original.hifp(), -original.acct(), -original.cash(), rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
        s.printed.put(Receipt.Kind.REVERSAL, false);
        model.printAndSignal(s, s.reversal);
    }

    private static void reprint(FlowRig rig, Model model, Settled s, Optional<Receipt.Kind> kind) throws Exception {
        PrinterStatus atPrint = model.atNextPrint();
        JsonNode answer = atTheCounter(rig, "term_receipt_reprint", reprintInput(s.setlId, kind));
        Optional<ExpectedReceipt> kept = s.kept(kind.orElse(s.latest()));
        if (kept.isEmpty()) {
            assertEquals("1364", answer.path("term_errcode").asText(), "no " + kind + " receipt kept of a known settlement: " + answer);
            model.outcome = model.stepName + ": 1364";
            return;
        }
        boolean before = s.printed.get(kept.get().kind());
        model.outcome = model.stepName + " of a receipt " + (before ? "printed before" : "never printed") + ": "
                + (model.atNextPrint() == PrinterStatus.READY ? "printed" : "refused");
        if (!model.print(s, kept.get().asReprint())) {
            model.signal = List.of(Signal.FAULT);
            assertEquals(PrinterReason.of(atPrint).orElseThrow().code(), answer.path("term_errcode").asText(), answer.toString());
            assertFalse(answer.path("err_msg").asText().matches("(?s).*[A-Za-z]{3,}.*"), "Chinese for the cashier: " + answer);
            return;
        }
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        assertEquals(s.setlId, answer.at("/output/data/setl_id").asText(), answer.toString());
        assertEquals("1", answer.at("/output/data/printed").asText(), answer.toString());
    }

    private static ObjectNode reprintInput(String setlId, Optional<Receipt.Kind> kind) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ObjectNode data = input.putObject("data").put("setl_id", setlId);
        kind.ifPresent(k -> data.put("kind", k.name().toLowerCase(java.util.Locale.ROOT)));
        return input;
    }

    /** The command, on the running terminal's database, prints the latest kept receipt on its own (simulated) printer. */
    private static void reprintByCommand(FlowRig rig, Model model, Settled s) {
        StringWriter out = new StringWriter();
        CommandLine cli = TerminalCli.configure(new CommandLine(new TerminalCli()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int exit = cli.execute("receipt", "reprint", s.setlId, "--data-dir", rig.dir.toString(), "--simulated", "--paper", "80");
        assertEquals(0, exit, out.toString());
        String closing = "已重打 " + s.setlId + "（";
        int end = out.toString().indexOf(closing);
        assertTrue(end > 0, out.toString());
        String transcript = out.toString().substring(0, end);
        Receipt.Kind kind = s.latest();
        model.outcome += s.printed.get(kind) ? ": printed before" : ": never printed";
        s.kept(kind).orElseThrow().asReprint().check(transcript, model.unmasked);
        sameAsFirstPrint(s, kind, transcript);
        s.printed.put(kind, true);
    }

    private static void warnsOfThePrinterOnlyWhenItReportedAProblem(JsonNode answer, PrinterStatus reported) {
        String warn = answer.path("warn_msg").asText();
        for (PrinterReason reason : PrinterReason.values()) {
            boolean expected = PrinterReason.of(reported).equals(Optional.of(reason));
            assertEquals(expected, warn.contains(reason.message()), "printer " + reported + ", warn_msg: " + warn);
        }
    }

    private static void verify(FlowRig rig, SimulatedPrinter printer, Model model, Step step, int signalsBefore,
                               int printedBefore) throws Exception {
        String after = "after " + step;
        rig.scheduler.advance(Duration.ofSeconds(10)); // every pattern plays out
        List<SimulatedIndicators.Change> shown = rig.indicators.history();
        assertEquals(model.signal, CounterSignals.seen(shown.subList(signalsBefore, shown.size())), "the counter's signal " + after);

        List<byte[]> printed = printer.printed();
        assertTrue(printed.size() < SimulatedPrinter.KEPT, "the run stays within what the simulated printer keeps");
        assertEquals(model.prints.size(), printed.size() - printedBefore, "documents printed " + after);
        for (int i = 0; i < model.prints.size(); i++) {
            Settled s = model.prints.get(i).getKey();
            ExpectedReceipt expected = model.prints.get(i).getValue();
            String transcript = EscPosDecoder.decode(printed.get(printedBefore + i)).transcript();
            expected.check(transcript, model.unmasked);
            sameAsFirstPrint(s, expected.kind(), transcript);
        }

        assertEquals(model.settled.size(), rig.scalar("SELECT count(*) FROM settlement"), "settlements " + after);
        assertEquals(model.settled.size() + model.settled.stream().filter(Settled::reversed).count(),
                rig.scalar("SELECT count(*) FROM receipt_kept"), "receipts kept " + after);
        for (Settled s : model.settled) {
            StoredSettlement stored = rig.flows.settlements().find(s.setlId).orElseThrow();
            assertEquals(s.reversed() ? StoredSettlement.State.REVERSED : StoredSettlement.State.SETTLED, stored.state(),
                    s.setlId + " stands " + after);
            for (Map.Entry<Receipt.Kind, Boolean> e : s.printed.entrySet()) {
                KeptReceipt kept = rig.flows.receipts().find(s.setlId, e.getKey()).orElseThrow();
                assertEquals(e.getValue(), kept.printed(), e.getKey() + " receipt of " + s.setlId + " marked printed " + after);
            }
        }
    }

    /** Every print of one kept receipt is the same document, but for the 重打 mark. */
    private static void sameAsFirstPrint(Settled s, Receipt.Kind kind, String transcript) {
        String plain = ExpectedReceipt.withoutReprintMark(transcript);
        String first = s.firstPrint.putIfAbsent(kind, plain);
        if (first != null) assertEquals(first, plain, "the kept " + kind + " receipt of " + s.setlId + " printed again");
    }

    private static long fen(JsonNode info, String field) {
        return info.path(field).decimalValue().movePointRight(2).longValueExact();
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1_000);
        Arbitrary<Line> line = Combinators.combine(
                        Arbitraries.of(List.of(Fixtures.JIA, "甲"), List.of(Fixtures.YI, "乙"), List.of(Fixtures.BING, "丙")),
                        Arbitraries.longs().between(100, 3_000), Arbitraries.integers().between(1, 3))
                .as((kind, price, cnt) -> new Line(kind.get(0), kind.get(1), price, cnt));
        Arbitrary<Step> purchase = Combinators.combine(Arbitraries.of(Credential.class), line.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(true, false)).as(Purchase::new);
        Arbitrary<Optional<Receipt.Kind>> kind = Arbitraries.of(Optional.empty(), Optional.empty(),
                Optional.of(Receipt.Kind.SETTLEMENT), Optional.of(Receipt.Kind.REVERSAL));
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(6, purchase),
                Tuple.of(2, line.list().ofMinSize(1).ofMaxSize(3).map(ClinicVisit::new)),
                Tuple.of(1, Combinators.combine(Arbitraries.of(Credential.CARD, Credential.VOUCHER), line.list().ofMinSize(1).ofMaxSize(2))
                        .as(KioskPurchase::new)), // at most 180.00: within the rig's kiosk limit of 200.00
                Tuple.of(1, Arbitraries.of(true, false).map(RefusedPurchase::new)),
                Tuple.of(2, pick.map(Reverse::new)),
                Tuple.of(2, Arbitraries.of(PrinterStatus.OFFLINE, PrinterStatus.PAPER_OUT, PrinterStatus.ERROR).map(PrinterBecomes::new)),
                Tuple.of(3, Arbitraries.just(new PrinterBecomes(PrinterStatus.READY))),
                Tuple.of(1, Arbitraries.just(new PaperRunsOutMidReceipt())),
                Tuple.of(5, Combinators.combine(pick, Arbitraries.of(true, true, false), kind, Arbitraries.integers().between(1, 2))
                        .as(Reprint::new)),
                Tuple.of(2, Arbitraries.just(new ReprintAllWaiting())),
                Tuple.of(1, Arbitraries.just(new ReprintUnknown())),
                Tuple.of(1, pick.map(ReprintByCommand::new)),
                Tuple.of(1, Arbitraries.of(1, 7, 45).map(MinutesPass::new)),
                Tuple.of(1, pick.map(Resend::new)),
                Tuple.of(1, Arbitraries.just(new Restart())));
        // twice: the paper may have been set to run out during the first of those reprints
        List<Step> dayEnds = List.of(new PrinterBecomes(PrinterStatus.READY), new ReprintAllWaiting(),
                new PrinterBecomes(PrinterStatus.READY), new ReprintAllWaiting());
        return Combinators.combine(purchase, step.list().ofMinSize(14).ofMaxSize(24)).as((first, rest) -> {
            List<Step> run = new ArrayList<>();
            run.add(first);
            run.addAll(rest);
            run.addAll(dayEnds); // the printer is seen to and every receipt still waiting is reprinted
            return run;
        });
    }
}
