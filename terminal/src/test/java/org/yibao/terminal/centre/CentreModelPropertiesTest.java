package org.yibao.terminal.centre;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yibao.outbox.Lane;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.Reception;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.EnvelopeCodec;
import org.yibao.outbox.wire.Topics;

/**
 * The reference centre's receiving side as {@code terminal center} assembles it (offline-queue's
 * {@link Reception} with the terminal's {@link ClaimVerification}, the person and reconcile
 * answers and the stats over the same store), against {@link CentreModel}, on a real SQLite file
 * opened by two instances: random runs of settlements and reversals from three devices of two
 * institutions (a settlement held back so its reversal arrives first, which the terminal's
 * order keys never do, and a second reversal, which it never sends), deliveries again with the same payload, an id used again for another
 * claim, messages the verification refuses (each code, another device's id) and refused
 * deliveries of a stored id, control messages, unreadable deliveries, reject rules, deliveries
 * alone, together in one commit or as one batch, and restarts. After every commit the answers
 * (status, code, reason per id, on the sender's acks topic), the instance's unreadable count,
 * {@link CentreStats}, three persons' figures and {@code term_claims}, and the 3201 totals of both
 * institutions (with and without reversals, for the month and for one day) must be the model's.
 */
class CentreModelPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClaimPayloads.Sender[] SENDERS = {
        new ClaimPayloads.Sender("371502", "H00000000001", "T01"),
        new ClaimPayloads.Sender("371502", "H00000000001", "T02"),
        new ClaimPayloads.Sender("371502", "H00000000002", "T03"),
    };
    /** The demo persons (psn_no, insutype). */
    private static final String[][] PERSONS = {
        {"37150000000000000001", "310"}, {"37150000000000000002", "390"}, {"37150000000000000003", "310"},
    };
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 22);
    private static final String[] CLR_TYPES = {"41", "11"};
    private static final String[] ACCU_GROUPS = {"outpatient", "chronic:M03900"};

    /** One step of a run; {@code mode} 0 commits alone, 1 joins the previous delivery's commit, 2 its batch. */
    sealed interface Step {
    }

    record Settle(int sender, int person, long medfee, int fundPct, int acctPct, int day, int clr, int group, boolean heldBack,
                  int mode, int instance) implements Step {
    }

    record Reverse(int pick, int mode, int instance) implements Step {
    }

    /** A second reversal of a reversed settlement (the terminal reverses once; a rogue or broken sender might not). */
    record ReverseAgain(int pick, int mode, int instance) implements Step {
    }

    /** A held-back settlement arrives at last. */
    record DeliverLate(int pick, int mode, int instance) implements Step {
    }

    /** A message delivered again, exactly (the device resends after a lost ack). */
    record Resend(int pick, int mode, int instance) implements Step {
    }

    /** A message's id comes again with another (valid) claim: a device numbering claims with used ids. */
    record Reuse(int pick, int mode, int instance) implements Step {
    }

    record Refused(int sender, Fault fault, int mode, int instance) implements Step {
    }

    /** A message's id comes again with a payload the verification refuses. */
    record RefusedAgain(int pick, Fault fault, int mode, int instance) implements Step {
    }

    record Control(int sender, int mode, int instance) implements Step {
    }

    record Unreadable(int sender, Garbage garbage, int mode, int instance) implements Step {
    }

    /** A reject rule for the sender's next id, or for an id already sent. */
    record Rule(int sender, int pick, boolean next, int instance) implements Step {
    }

    record Restart() implements Step {
    }

    /** How a refused message is made, and the code it is refused with. */
    enum Fault {
        NOT_JSON("E_PAYLOAD"), EMPTY("E_PAYLOAD"), ARRAY("E_PAYLOAD"), NO_TYPE("E_TYPE"), KIND_NOT_TYPE("E_TYPE"),
        OTHER_INSTITUTION("E_INSTITUTION"), NO_ADMDVS("E_INSTITUTION"), OTHER_DEVICE_ID("E_DEVICE"), NO_SETL_ID("E_CLAIM"),
        SENDER_NOT_TOPIC("E_DEVICE"), FOREIGN_ID("E_DEVICE");

        final String code;

        Fault(String code) {
            this.code = code;
        }
    }

    /** A delivery the centre cannot answer. */
    enum Garbage { NOT_AN_ENVELOPE, BLANK_ID, OFF_LAYOUT }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void theCentreAnswersCountsAndTotalsAsItsModel(@ForAll("runs") List<Step> run) throws Exception {
        Path dir = Files.createTempDirectory("centre-model");
        try (Run r = new Run(dir.resolve("centre.db"), persons(dir))) {
            for (Step step : run) {
                r.apply(step);
            }
            r.flush();
        }
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Integer> sender = Arbitraries.integers().between(0, SENDERS.length - 1);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1_000);
        Arbitrary<Integer> mode = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(5, 0), net.jqwik.api.Tuple.of(2, 1), net.jqwik.api.Tuple.of(2, 2));
        Arbitrary<Integer> instance = Arbitraries.frequency(net.jqwik.api.Tuple.of(3, 0), net.jqwik.api.Tuple.of(1, 1));
        Arbitrary<Step> settle = Combinators.combine(List.of(sender, Arbitraries.integers().between(0, PERSONS.length - 1),
                        Arbitraries.integers().between(1, 99_999), Arbitraries.integers().between(0, 100),
                        Arbitraries.integers().between(0, 100), Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 9), mode, instance))
                .as(v -> new Settle(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7), v.get(8) == 0,
                        v.get(9), v.get(10)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, settle),
                net.jqwik.api.Tuple.of(4, Combinators.combine(pick, mode, instance).as(Reverse::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(pick, mode, instance).as(DeliverLate::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(pick, mode, instance).as(ReverseAgain::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(pick, mode, instance).as(Resend::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(pick, mode, instance).as(Reuse::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(sender, Arbitraries.of(Fault.class), mode, instance).as(Refused::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(pick, Arbitraries.of(Fault.class).filter(f -> f != Fault.FOREIGN_ID),
                        mode, instance).as(RefusedAgain::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sender, mode, instance).as(Control::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sender, Arbitraries.of(Garbage.class), mode, instance).as(Unreadable::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(sender, pick, Arbitraries.of(true, false), instance).as(Rule::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Restart())))
                .list().ofMinSize(5).ofMaxSize(45);
    }

    private static PersonDirectory persons(Path dir) throws Exception {
        Path file = dir.resolve("persons.json");
        try (InputStream in = CentreModelPropertiesTest.class.getResourceAsStream("/demo/persons.json")) {
            Files.write(file, in.readAllBytes());
        }
        return PersonDirectory.load(file);
    }

    /** A message sent: where, as what, what the verification says of it, and the claim it carries. */
    private record Sent(int sender, Lane lane, Envelope envelope, String refusal, CentreModel.Claim claim) {
        boolean ownId() {
            return envelope.id().startsWith(SENDERS[sender].device() + "-");
        }
    }

    /** A settlement a device made (its claim perhaps held back), and whether it was reversed since. */
    private static final class Settlement {
        final Sent sent;
        boolean delivered;
        boolean reversed;

        Settlement(Sent sent, boolean delivered) {
            this.sent = sent;
            this.delivered = delivered;
        }
    }

    /** One delivery of the commit being gathered. */
    private record Pending(String topic, List<byte[]> elements) {
    }

    /** The centre under test, its model, and what the devices sent. */
    private static final class Run implements AutoCloseable {
        private final Path file;
        private final PersonDirectory persons;
        private final CentreModel model = new CentreModel();
        private final SqliteDatabase[] dbs = new SqliteDatabase[2];
        private final Reception[] receptions = new Reception[2];
        private final long[] unreadable = new long[2];
        private final int[] seq = new int[SENDERS.length];
        private final List<Sent> sent = new ArrayList<>();
        private final List<Settlement> settlements = new ArrayList<>();
        private final List<Pending> pending = new ArrayList<>();
        private final List<CentreModel.Expected> expected = new ArrayList<>();
        private final List<String> expectedTopics = new ArrayList<>();
        private int pendingInstance = -1;
        private long pendingUnreadable;
        private int setlSeq;
        private int rules;
        private long now = 1_000;

        Run(Path file, PersonDirectory persons) throws Exception {
            this.file = file;
            this.persons = persons;
            open();
        }

        private void open() throws Exception {
            for (int i = 0; i < 2; i++) {
                dbs[i] = SqliteDatabase.open(file);
                receptions[i] = new Reception(ClaimStore.open(dbs[i]), new ClaimVerification(), "c" + i);
                unreadable[i] = 0;
            }
        }

        @Override
        public void close() {
            for (SqliteDatabase db : dbs) {
                if (db != null) db.close();
            }
        }

        void apply(Step step) throws Exception {
            switch (step) {
                case Settle s -> settle(s);
                case Reverse s -> reverse(s.pick(), false, s.mode(), s.instance());
                case ReverseAgain s -> reverse(s.pick(), true, s.mode(), s.instance());
                case DeliverLate s -> deliverLate(s);
                case Resend s -> resend(s);
                case Reuse s -> reuse(s);
                case Refused s -> refused(s);
                case RefusedAgain s -> refusedAgain(s);
                case Control s -> control(s);
                case Unreadable s -> unreadable(s);
                case Rule s -> rule(s);
                case Restart s -> restart();
            }
        }

        private void settle(Settle s) throws Exception {
            String psnNo = PERSONS[s.person()][0];
            String insutype = PERSONS[s.person()][1];
            long fund = s.medfee() * s.fundPct() / 100;
            long acct = (s.medfee() - fund) * s.acctPct() / 100;
            int year = s.group() == 2 ? 2027 : 2026;
            CentreModel.Delta delta = new CentreModel.Delta(year, ACCU_GROUPS[s.group() % 2], insutype, s.medfee() / 7, fund,
                    s.medfee() / 3, acct);
            CentreModel.Claim claim = new CentreModel.Claim(CentreClaim.Kind.SETTLEMENT, SENDERS[s.sender()].fixmedins(),
                    SENDERS[s.sender()].device() + "-S" + (++setlSeq), psnNo, insutype, CLR_TYPES[s.clr()],
                    FIRST_DAY.plusDays(s.day()), s.medfee(), fund, acct, s.medfee() - fund - acct, delta);
            Sent message = claimMessage(s.sender(), nextId(s.sender()), claim);
            settlements.add(new Settlement(message, !s.heldBack()));
            if (!s.heldBack()) deliver(message, s.mode(), s.instance());
        }

        private void reverse(int pick, boolean again, int mode, int instance) throws Exception {
            List<Settlement> open = settlements.stream().filter(x -> x.reversed == again).toList();
            if (open.isEmpty()) return;
            Settlement settlement = open.get(pick % open.size());
            settlement.reversed = true;
            CentreModel.Claim c = settlement.sent.claim();
            CentreModel.Claim reversal = new CentreModel.Claim(CentreClaim.Kind.REVERSAL, c.fixmedins(), c.setlId(), c.psnNo(),
                    c.insutype(), c.clrType(), c.date(), c.medfee(), c.fund(), c.acct(), c.cash(), null);
            int sender = settlement.sent.sender();
            deliver(claimMessage(sender, nextId(sender), reversal), mode, instance);
        }

        private void deliverLate(DeliverLate s) throws Exception {
            List<Settlement> held = settlements.stream().filter(x -> !x.delivered).toList();
            if (held.isEmpty()) return;
            Settlement settlement = held.get(s.pick() % held.size());
            settlement.delivered = true;
            deliver(settlement.sent, s.mode(), s.instance());
        }

        private void resend(Resend s) throws Exception {
            if (sent.isEmpty()) return;
            Sent m = sent.get(s.pick() % sent.size());
            Envelope e = m.envelope();
            Envelope again = new Envelope(e.v(), e.id(), e.device(), e.type(), e.messageClass(), e.lane(), e.key(), e.createdAt(),
                    e.attempt() + 1, e.payload());
            deliver(new Sent(m.sender(), m.lane(), again, m.refusal(), m.claim()), s.mode(), s.instance());
        }

        private void reuse(Reuse s) throws Exception {
            List<Sent> own = sent.stream().filter(Sent::ownId).toList();
            if (own.isEmpty()) return;
            Sent old = own.get(s.pick() % own.size());
            int sender = old.sender();
            CentreModel.Claim claim = new CentreModel.Claim(CentreClaim.Kind.SETTLEMENT, SENDERS[sender].fixmedins(),
                    SENDERS[sender].device() + "-S" + (++setlSeq), PERSONS[0][0], PERSONS[0][1], CLR_TYPES[0], FIRST_DAY, 1_000, 600,
                    100, 300, new CentreModel.Delta(2026, ACCU_GROUPS[0], PERSONS[0][1], 100, 600, 900, 100));
            Sent message = claimMessage(sender, old.envelope().id(), claim);
            settlements.add(new Settlement(message, true));
            deliver(message, s.mode(), s.instance());
        }

        private void refused(Refused s) throws Exception {
            String id;
            if (s.fault() == Fault.FOREIGN_ID) {
                int other = (s.sender() + 1) % SENDERS.length;
                id = SENDERS[other].device() + "-" + (1 + (seq[other] + s.mode()) % (seq[other] + 2));
            } else {
                id = nextId(s.sender());
            }
            deliver(faulty(s.sender(), id, s.fault()), s.mode(), s.instance());
        }

        private void refusedAgain(RefusedAgain s) throws Exception {
            List<Sent> own = sent.stream().filter(Sent::ownId).toList();
            if (own.isEmpty()) return;
            Sent old = own.get(s.pick() % own.size());
            deliver(faulty(old.sender(), old.envelope().id(), s.fault()), s.mode(), s.instance());
        }

        private void control(Control s) throws Exception {
            ClaimPayloads.Sender from = SENDERS[s.sender()];
            byte[] payload = ("{\"v\":1,\"device_id\":\"" + from.device() + "\",\"state\":\"ok\"}").getBytes(UTF_8);
            Envelope e = new Envelope(Envelope.VERSION, nextId(s.sender()), from.device(), "fleet.status", "FLEET", "CONTROL", null,
                    now, 1, payload);
            deliver(new Sent(s.sender(), Lane.CONTROL, e, null, null), s.mode(), s.instance());
        }

        private void unreadable(Unreadable s) throws Exception {
            ClaimPayloads.Sender from = SENDERS[s.sender()];
            Topics topics = topics(s.sender());
            switch (s.garbage()) {
                case NOT_AN_ENVELOPE -> addUnreadable(topics.lane(Lane.MESSAGES), "\"hello\"".getBytes(UTF_8), s.mode(), s.instance());
                case BLANK_ID -> addUnreadable(topics.lane(Lane.MESSAGES), EnvelopeCodec.encode(new Envelope(Envelope.VERSION, "", from.device(),
                        "settlement", "FUND", "MESSAGES", null, now, 1, "{}".getBytes(UTF_8))), s.mode(), s.instance());
                case OFF_LAYOUT -> addUnreadable(topics.base(), EnvelopeCodec.encode(new Envelope(Envelope.VERSION, from.device() + "-999999",
                        from.device(), "settlement", "FUND", "MESSAGES", null, now, 1, "{}".getBytes(UTF_8))),
                        Math.min(s.mode(), 1), s.instance());
            }
        }

        private void rule(Rule s) throws Exception {
            flush();
            String id;
            if (s.next() || sent.isEmpty()) {
                id = SENDERS[s.sender()].device() + "-" + (seq[s.sender()] + 1);
            } else {
                id = sent.get(s.pick() % sent.size()).envelope().id();
            }
            CentreModel.Rule rule = new CentreModel.Rule("E_TEST" + (++rules % 3), "测试拒收第 " + rules + " 条规则");
            ClaimStore.open(dbs[s.instance()]).rejectId(id, rule.code(), rule.reason());
            model.rejectId(id, rule);
        }

        private void restart() throws Exception {
            flush();
            close();
            open();
            check();
        }

        private String nextId(int sender) {
            return SENDERS[sender].device() + "-" + (++seq[sender]);
        }

        private Topics topics(int sender) {
            return new Topics(SENDERS[sender].admdvs(), SENDERS[sender].fixmedins(), SENDERS[sender].device());
        }

        private Sent claimMessage(int sender, String id, CentreModel.Claim claim) {
            String type = claim.kind() == CentreClaim.Kind.REVERSAL ? "reversal" : "settlement";
            byte[] payload = ClaimPayloads.bytes(ClaimPayloads.claim(SENDERS[sender], claim, "m-" + id));
            Envelope e = new Envelope(Envelope.VERSION, id, SENDERS[sender].device(), type,
                    claim.kind() == CentreClaim.Kind.REVERSAL ? "REVERSAL" : "FUND", "MESSAGES", claim.setlId(), now, 1, payload);
            return new Sent(sender, Lane.MESSAGES, e, null, claim);
        }

        /** A message from {@code sender} with id {@code id} that the centre's verification refuses with {@code fault}'s code. */
        private Sent faulty(int sender, String id, Fault fault) {
            ClaimPayloads.Sender from = SENDERS[sender];
            CentreModel.Claim claim = new CentreModel.Claim(CentreClaim.Kind.SETTLEMENT, from.fixmedins(), from.device() + "-X" + id,
                    PERSONS[0][0], PERSONS[0][1], CLR_TYPES[0], FIRST_DAY, 500, 0, 0, 500,
                    new CentreModel.Delta(2026, ACCU_GROUPS[0], PERSONS[0][1], 0, 0, 500, 0));
            ObjectNode good = ClaimPayloads.claim(from, claim, "m-" + id);
            String type = "settlement";
            String device = from.device();
            byte[] payload = switch (fault) {
                case NOT_JSON -> "settlement S1 {".getBytes(UTF_8);
                case EMPTY -> new byte[0];
                case ARRAY -> "[1,2]".getBytes(UTF_8);
                case NO_TYPE -> {
                    type = null;
                    yield ClaimPayloads.bytes(good);
                }
                case KIND_NOT_TYPE -> ClaimPayloads.bytes(good.put("kind", "reversal"));
                case OTHER_INSTITUTION -> ClaimPayloads.bytes(good.put("fixmedins_code", "H99999999999"));
                case NO_ADMDVS -> {
                    good.remove("admdvs");
                    yield ClaimPayloads.bytes(good);
                }
                case OTHER_DEVICE_ID -> ClaimPayloads.bytes(good.put("device_id", "T09"));
                case NO_SETL_ID -> {
                    ((ObjectNode) good.path("output").path("setlinfo")).remove("setl_id");
                    yield ClaimPayloads.bytes(good);
                }
                case SENDER_NOT_TOPIC -> {
                    device = "T09";
                    yield ClaimPayloads.bytes(good);
                }
                case FOREIGN_ID -> ClaimPayloads.bytes(good);
            };
            Envelope e = new Envelope(Envelope.VERSION, id, device, type, "FUND", "MESSAGES", null, now, 1, payload);
            return new Sent(sender, Lane.MESSAGES, e, fault.code, null);
        }

        /** Delivers {@code m} and records the answer the model expects. */
        private void deliver(Sent m, int mode, int instance) throws Exception {
            Topics topics = topics(m.sender());
            Envelope e = m.envelope();
            add(topics.lane(m.lane()), EnvelopeCodec.encode(e), mode, instance);
            expected.add(model.receive(topics.deviceId(), e.id(), e.type(), e.payload(), m.refusal(), m.claim()));
            expectedTopics.add(topics.acks());
            sent.add(m);
        }

        /** A delivery the centre cannot answer. */
        private void addUnreadable(String topic, byte[] element, int mode, int instance) throws Exception {
            add(topic, element, mode, instance);
            pendingUnreadable++;
        }

        /** Adds an element to the commit being gathered, after committing what was gathered for mode 0. */
        private void add(String topic, byte[] element, int mode, int instance) throws Exception {
            if (mode == 0 || instance != pendingInstance) {
                flush();
                pendingInstance = instance;
            }
            Pending last = pending.isEmpty() ? null : pending.getLast();
            if (mode == 2 && last != null && last.topic().equals(topic)) {
                last.elements().add(element);
            } else {
                pending.add(new Pending(topic, new ArrayList<>(List.of(element))));
            }
        }

        /** Commits the gathered deliveries and compares the answers and everything the centre reports. */
        void flush() throws Exception {
            if (pending.isEmpty()) return;
            List<Reception.Delivery> deliveries = new ArrayList<>();
            for (Pending p : pending) {
                deliveries.add(new Reception.Delivery(p.topic(), p.elements().size() == 1 ? p.elements().getFirst() : batch(p.elements())));
            }
            Reception reception = receptions[pendingInstance];
            List<Reception.Answer> answers = reception.receive(deliveries, now++);
            String context = "deliveries " + pending.stream().map(p -> p.topic() + " x" + p.elements().size()).toList();
            assertEquals(expected.size(), answers.size(), () -> "answers " + answers + " for " + context);
            for (int i = 0; i < answers.size(); i++) {
                Reception.Answer actual = answers.get(i);
                CentreModel.Expected want = expected.get(i);
                String what = want + " vs " + actual.ack();
                assertEquals(expectedTopics.get(i), actual.acksTopic(), what);
                assertEquals(want.id(), actual.ack().id(), what);
                assertEquals(want.status(), actual.ack().status().name(), what);
                assertEquals(want.code(), actual.ack().code(), what);
                Statistics.label("answers").collect(want.code().startsWith("E_TEST") ? "rule" : want.code());
                if (want.reason() == null) assertFalse(actual.ack().reason().isBlank(), what);
                else assertEquals(want.reason(), actual.ack().reason(), what);
            }
            unreadable[pendingInstance] += pendingUnreadable;
            assertEquals(unreadable[pendingInstance], reception.unreadable(), "unreadable deliveries of instance " + pendingInstance);
            pending.clear();
            expected.clear();
            expectedTopics.clear();
            pendingUnreadable = 0;
            check();
        }

        private static byte[] batch(List<byte[]> elements) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write('[');
            for (int i = 0; i < elements.size(); i++) {
                if (i > 0) out.write(',');
                out.writeBytes(elements.get(i));
            }
            out.write(']');
            return out.toByteArray();
        }

        /** The stats, every person's figures and both institutions' totals are the model's. */
        private void check() throws Exception {
            SqliteDatabase db = dbs[0];
            assertEquals(model.stats(), CentreStats.of(ClaimStore.open(db).all()), "stats");
            PersonAnswers personAnswers = new PersonAnswers(persons, db);
            for (String[] person : PERSONS) {
                checkPerson(person[0], JSON.readTree(personAnswers.answer(("{\"psn_no\":\"" + person[0] + "\"}").getBytes(UTF_8))));
            }
            ReconcileAnswers reconcile = new ReconcileAnswers(new AcceptedClaims(db));
            for (String fixmedins : new String[] {"H00000000001", "H00000000002"}) {
                LocalDate day = FIRST_DAY.plusDays(1);
                for (boolean reversals : new boolean[] {true, false}) {
                    checkTotals(reconcile, fixmedins, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), reversals);
                }
                checkTotals(reconcile, fixmedins, day, day, true);
            }
        }

        private void checkPerson(String psnNo, JsonNode answer) {
            JsonNode output = answer.path("output");
            JsonNode seed = persons.find(JSON.createObjectNode().put("psn_no", psnNo)).orElseThrow();
            CentreModel.Figures figures = model.figures(psnNo);
            String context = psnNo + ": " + output;
            List<String> ids = new ArrayList<>();
            output.path("term_claims").forEach(n -> ids.add(n.asText()));
            assertEquals(figures.claimIds(), ids, "term_claims of " + context);
            JsonNode seedInsu = seed.path("insuinfo").get(0);
            long paid = figures.accountPaid().getOrDefault(seedInsu.path("insutype").asText(), 0L);
            assertEquals(Math.max(0, fen(seedInsu.get("balc")) - paid), fen(output.path("insuinfo").get(0).get("balc")),
                    "balc of " + context);
            Map<String, List<Long>> want = new TreeMap<>();
            seed.path("term_accuinfo").forEach(row -> want.put(row.path("year").asInt() + "/" + row.path("accu_group").asText(),
                    List.of(fen(row.get("dedc_used")), fen(row.get("fund_paid")), fen(row.get("inscp_over_dedc")))));
            figures.accumulators().forEach((key, a) -> {
                List<Long> base = want.get(key);
                if (base == null && a[0] == 0 && a[1] == 0 && a[2] == 0) return;
                if (base == null) base = List.of(0L, 0L, 0L);
                want.put(key, List.of(base.get(0) + a[0], base.get(1) + a[1], base.get(2) + a[2]));
            });
            Map<String, List<Long>> actual = new TreeMap<>();
            output.path("term_accuinfo").forEach(row -> actual.put(row.path("year").asInt() + "/" + row.path("accu_group").asText(),
                    List.of(fen(row.get("dedc_used")), fen(row.get("fund_paid")), fen(row.get("inscp_over_dedc")))));
            assertEquals(want, actual, "accumulators of " + context);
        }

        private void checkTotals(ReconcileAnswers reconcile, String fixmedins, LocalDate begin, LocalDate end, boolean reversals)
                throws Exception {
            String request = "{\"fixmedins_code\":\"" + fixmedins + "\",\"stmt_begndate\":\"" + begin + "\",\"stmt_enddate\":\"" + end
                    + "\"" + (reversals ? "" : ",\"refd_setl_flag\":\"0\"") + "}";
            JsonNode answer = JSON.readTree(reconcile.answer(request.getBytes(UTF_8)));
            List<CentreModel.Group> actual = new ArrayList<>();
            for (JsonNode g : answer.path("totals")) {
                List<String> ids = new ArrayList<>();
                g.path("setl_ids").forEach(n -> ids.add(n.asText()));
                actual.add(new CentreModel.Group(g.path("insutype").asText(), g.path("clr_type").asText(), fen(g.get("medfee_sumamt")),
                        fen(g.get("fund_pay_sumamt")), fen(g.get("acct_pay")), fen(g.get("psn_cash_pay")),
                        g.path("fixmedins_setl_cnt").asLong(), ids));
            }
            assertEquals(model.reconcile(fixmedins, begin, end, reversals), actual, "3201 " + request + " -> " + answer);
        }

        private static long fen(JsonNode yuan) {
            if (yuan == null || yuan.isNull() || yuan.asText().isBlank()) return 0;
            return new BigDecimal(yuan.asText().trim()).movePointRight(2).longValueExact();
        }
    }
}
