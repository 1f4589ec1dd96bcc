package org.yibao.terminal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.api.envelope.Envelopes.bytes;
import static org.yibao.terminal.api.envelope.Envelopes.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.api.http.CallService;
import org.yibao.terminal.api.http.LocalApi;
import org.yibao.terminal.api.http.Reply;

/**
 * Local operators, lockout, 9001/9002 and the role check of every transaction against
 * {@link OperatorModel}, on a real SQLite file with the production hasher and
 * {@link LockoutPolicy#DEFAULT}, a 20-minute sign-in expiry and a {@link HandClock}. Each run
 * starts from an empty terminal: the first admin is added with an initial password, then random
 * steps follow - operator management as {@code terminal operator} calls it ({@link Operators} on
 * a second handle of the file, as that process has),
 * 9001, 9002 and transactions as a POS sends them (request bytes into the {@link CallService}
 * that {@link LocalApi} assembles), hand moves of the clock (onto a lock end or an expiry, or
 * a millisecond before it), and requests sent again under their msgid. After every step the
 * answer (success, or which 16xx code), each operator's stored state and the liveness of every
 * sign_no handed out must be the model's.
 *
 * <p>Transactions other than 9001/9002 are answered by a probe registered under their infno
 * (1101, 2102, ...): what is under test is the sign-in and role check {@link CallService} makes
 * before any handler runs, and the probe echoes the operator it was handed so the test sees
 * that, too.
 */
class OperatorModelPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TTL = Duration.ofMinutes(20);
    private static final String FIRST_ADMIN = OperatorFixtures.ADMIN;
    /** Operator numbers the steps pick from; the last is never added. */
    private static final String[] NUMBERS = {FIRST_ADMIN, "A002", "C001", "C002", "T001", "X999"};
    /** New passwords a step may set; "onlyletters" is too weak, the last is the first admin's initial one. */
    private static final String[] PASSWORDS = {"Passw0rd-1", "Kasse-2026", "Secret-77x", "onlyletters",
        OperatorFixtures.ADMIN_INITIAL};
    private static final String WRONG = "wrong-pass-1";
    private static final String NEVER_ISSUED = "0123456789abcdef0123456789abcdef";
    private static final String[] INFNOS = {"1101", "2101", "2102", "2103", "2201", "2204", "2206", "2207", "2208",
        "3201", "term_receipt_reprint", "term_diag_probe"};
    private static final Duration[] MOVES = {Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(5),
        Duration.ofMinutes(14), Duration.ofMinutes(15), TTL};
    private static final DateTimeFormatter SIGN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    sealed interface Step {
    }

    /** {@code times} 9001s of one operator in a row, the envelope's opter the same or another. */
    record SignInStep(int who, boolean right, boolean sameOpter, int times) implements Step {
    }

    /** A 9002 of a sign_no handed out (or one never issued), by its operator or another, its input naming it or not. */
    record SignOutStep(int session, int opter, boolean ownOpter, boolean inputMatches) implements Step {
    }

    /** A transaction under a sign_no, by its operator or another. */
    record TransactStep(int session, int opter, boolean ownOpter, int infno) implements Step {
    }

    /** Every transaction in turn under one sign_no, by its operator. */
    record SweepStep(int session, int opter) implements Step {
    }

    record AddStep(int actor, boolean right, int target, Role role, int password, boolean mustChange) implements Step {
    }

    record ChangeOwnStep(int who, boolean right, int password) implements Step {
    }

    record ResetStep(int actor, boolean right, int target, int password, boolean mustChange) implements Step {
    }

    /** {@code target} picks mostly an operator signed in, else one the terminal has (now and then one it has not). */
    record DisableStep(int actor, boolean right, int target) implements Step {
    }

    record AddFirstAgainStep(Role role) implements Step {
    }

    record MoveStep(int move) implements Step {
    }

    /** Onto a lock end or a session expiry still ahead, or one millisecond before it. */
    record MoveToBoundaryStep(int pick, boolean justBefore) implements Step {
    }

    /** An API request sent again, byte for byte, under its msgid. */
    record ResendStep(int pick) implements Step {
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void operatorsSignInAndRolesAnswerAsTheModel(@ForAll("runs") List<Step> run) throws Exception {
        try (Run r = new Run()) {
            r.addFirstAdmin(Role.ADMIN);
            for (Step step : run) {
                r.apply(step);
                r.compare(step);
            }
        }
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Integer> actor = Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 5));
        Arbitrary<Integer> who = Arbitraries.integers().between(0, NUMBERS.length - 1);
        Arbitrary<Integer> target = Arbitraries.integers().between(0, NUMBERS.length - 2);
        Arbitrary<Integer> password = Arbitraries.integers().between(0, PASSWORDS.length - 1);
        Arbitrary<Boolean> mostly = Arbitraries.frequency(Tuple.of(6, true), Tuple.of(1, false));
        Arbitrary<Boolean> either = Arbitraries.of(true, false);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1_000);
        Arbitrary<Boolean> nearlyAlways = Arbitraries.frequency(Tuple.of(12, true), Tuple.of(1, false));
        Arbitrary<Step> signIn = Combinators.combine(pick, mostly, nearlyAlways, Arbitraries.frequency(Tuple.of(6, 1), Tuple.of(1, 5)))
                .as((w, right, same, times) -> new SignInStep(w, right && times == 1, same, times));
        return Arbitraries.frequencyOf(
                Tuple.of(10, signIn),
                Tuple.of(12, Combinators.combine(pick, who, mostly, Arbitraries.integers().between(0, INFNOS.length - 1))
                        .as(TransactStep::new)),
                Tuple.of(3, Combinators.combine(pick, who, mostly, mostly).as(SignOutStep::new)),
                Tuple.of(2, Combinators.combine(actor, mostly, target, Arbitraries.of(Role.class), password, either)
                        .as(AddStep::new)),
                Tuple.of(2, Combinators.combine(pick, mostly, password).as(ChangeOwnStep::new)),
                Tuple.of(1, Combinators.combine(actor, mostly, target, password, either).as(ResetStep::new)),
                Tuple.of(3, Combinators.combine(actor, mostly, pick).as(DisableStep::new)),
                Tuple.of(2, Combinators.combine(pick, who).as(SweepStep::new)),
                Tuple.of(1, Arbitraries.of(Role.class).map(AddFirstAgainStep::new)),
                Tuple.of(3, Arbitraries.integers().between(0, MOVES.length - 1).map(MoveStep::new)),
                Tuple.of(3, Combinators.combine(pick, either).as(MoveToBoundaryStep::new)),
                Tuple.of(2, pick.map(ResendStep::new)))
                .list().ofMinSize(12).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform())
                .flatMap(steps -> setUp().map(first -> Stream.concat(first.stream(), steps.stream()).toList()));
    }

    /**
     * Most runs begin as a terminal is set up: the first admin changes the initial password and
     * adds a few operators; the others start with the first admin still bound to change it.
     */
    private static Arbitrary<List<Step>> setUp() {
        Arbitrary<Step> adding = Combinators.combine(Arbitraries.integers().between(1, NUMBERS.length - 2),
                        Arbitraries.of(Role.class), Arbitraries.integers().between(0, 2))
                .as((target, role, password) -> new AddStep(0, true, target, role, password, false));
        Arbitrary<List<Step>> firstChange = Arbitraries.integers().between(0, 2)
                .map(password -> List.<Step>of(new ChangeOwnStep(0, true, password)));
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.of())),
                Tuple.of(4, Combinators.combine(firstChange, adding.list().ofMaxSize(4))
                        .as((change, adds) -> Stream.concat(change.stream(), adds.stream()).toList())));
    }

    /** An API request as sent: its msgid, its bytes, and what the model needs to answer it. */
    private sealed interface Request {
        String msgid();

        byte[] body();
    }

    private record SignInRequest(String msgid, byte[] body, String opter, String opterNo, String password) implements Request {
    }

    private record SignOutRequest(String msgid, byte[] body, String opter, String signNo, String inputSignNo,
                                  String inputOpter) implements Request {
    }

    private record TransactRequest(String msgid, byte[] body, String infno, String opter, String signNo) implements Request {
    }

    /** One run: a fresh terminal database, the API assembled on it, and the model beside it. */
    private static final class Run implements AutoCloseable {
        private final Path dir;
        private final SqliteDatabase database;
        /** The same file opened again, as a {@code terminal operator} process opens it beside the running service. */
        private final SqliteDatabase cliDatabase;
        private final Operators cli;
        private final HandClock clock = new HandClock(OperatorFixtures.START);
        private final LocalApi api;
        private final OperatorModel model = new OperatorModel(LockoutPolicy.DEFAULT.maxFailures(),
                LockoutPolicy.DEFAULT.lockDuration(), TTL, OperatorFixtures.START);
        private final List<Request> sent = new ArrayList<>();
        /** The answers the terminal must give again, byte for byte, when their msgid comes again. */
        private final Map<String, String> recorded = new HashMap<>();
        private final Set<String> signNos = new HashSet<>();
        private int seq;

        Run() throws IOException, SQLException {
            dir = Files.createTempDirectory("operator-model");
            database = OperatorFixtures.database(dir);
            api = LocalApi.assemble(Envelopes.FIXMEDINS, database, OperatorFixtures.HASHER, LockoutPolicy.DEFAULT, TTL, clock, () -> "");
            cliDatabase = OperatorFixtures.database(dir);
            cli = OperatorFixtures.open(cliDatabase, clock);
            for (String infno : INFNOS) {
                api.handlers().register(infno, call -> new Reply.Success(api.parser().mapper().createObjectNode()
                        .put("opter", call.operator().orElseThrow().opterNo())
                        .put("infno", call.envelope().infno()), ""));
            }
        }

        void addFirstAdmin(Role role) throws SQLException {
            String expected = model.addFirstAdmin(FIRST_ADMIN, role, OperatorFixtures.ADMIN_INITIAL);
            String actual = code(cli.addFirstAdmin(new NewOperator(FIRST_ADMIN, "王小明", role, true),
                    OperatorFixtures.ADMIN_INITIAL.toCharArray()));
            assertEquals(expected, actual, "first admin as " + role);
        }

        void apply(Step step) throws Exception {
            switch (step) {
                case SignInStep s -> {
                    for (int i = 0; i < s.times(); i++) signIn(s);
                }
                case SignOutStep s -> signOut(s);
                case TransactStep s -> transact(s);
                case SweepStep s -> {
                    for (int infno = 0; infno < INFNOS.length; infno++) transact(new TransactStep(s.session(), s.opter(), true, infno));
                }
                case AddStep s -> add(s);
                case ChangeOwnStep s -> changeOwn(s);
                case ResetStep s -> reset(s);
                case DisableStep s -> disable(s);
                case AddFirstAgainStep s -> addFirstAdmin(s.role());
                case MoveStep s -> move(MOVES[s.move()]);
                case MoveToBoundaryStep s -> moveToBoundary(s);
                case ResendStep s -> {
                    if (!sent.isEmpty()) send(sent.get(s.pick() % sent.size()));
                }
            }
        }

        // Each takes the passwords from the model before either side acts, then asks the model, then the terminal.

        private void add(AddStep s) throws SQLException {
            Credentials admin = credentials(number(s.actor()), s.right());
            String expected = model.add(admin.opterNo(), new String(admin.password()), number(s.target()), s.role(),
                    PASSWORDS[s.password()], s.mustChange());
            manage(s, expected, cli.add(admin, new NewOperator(number(s.target()), "张三丰", s.role(), s.mustChange()),
                    PASSWORDS[s.password()].toCharArray()));
        }

        private void changeOwn(ChangeOwnStep s) throws SQLException {
            Credentials self = credentials(someone(s.who()), s.right());
            String expected = model.changeOwn(self.opterNo(), new String(self.password()), PASSWORDS[s.password()]);
            manage(s, expected, cli.changePassword(self, PASSWORDS[s.password()].toCharArray()));
        }

        private void reset(ResetStep s) throws SQLException {
            Credentials admin = credentials(number(s.actor()), s.right());
            String expected = model.reset(admin.opterNo(), new String(admin.password()), number(s.target()),
                    PASSWORDS[s.password()], s.mustChange());
            manage(s, expected, cli.resetPassword(admin, number(s.target()), PASSWORDS[s.password()].toCharArray(),
                    s.mustChange()));
        }

        private void disable(DisableStep s) throws SQLException {
            Credentials admin = credentials(number(s.actor()), s.right());
            String target = signedIn(s.target());
            String expected = model.disable(admin.opterNo(), new String(admin.password()), target);
            manage(s, expected, cli.disable(admin, target));
        }

        private void manage(Step step, String expected, OperatorOutcome<Operator> outcome) {
            assertEquals(expected, code(outcome), step + " at " + clock.instant());
            Statistics.label("answers").collect(step.getClass().getSimpleName().replace("Step", ""), expected);
            if (outcome instanceof OperatorOutcome.Refused<Operator> refused) {
                assertTrue(han(refused.refusal().errMsg()), "a message in Chinese: " + refused);
            }
        }

        private void signIn(SignInStep s) throws Exception {
            String opterNo = someone(s.who());
            String opter = s.sameOpter() ? opterNo : opterNo.equals(FIRST_ADMIN) ? "C001" : FIRST_ADMIN;
            String password = password(opterNo, s.right());
            String msgid = nextMsgid();
            ObjectNode node = envelope("9001", msgid, opter, "");
            node.putObject("input").putObject("signIn").put("opter_no", opterNo).put("mac", "00:11:22:33:44:55")
                    .put("ip", "127.0.0.1").put("term_password", password);
            send(new SignInRequest(msgid, bytes(node), opter, opterNo, password));
        }

        private void signOut(SignOutStep s) throws Exception {
            String signNo = signNo(s.session());
            String opter = s.ownOpter() ? ownerOr(signNo, s.opter()) : number(s.opter());
            String inputSignNo = s.inputMatches() ? signNo : NEVER_ISSUED;
            String msgid = nextMsgid();
            ObjectNode node = envelope("9002", msgid, opter, signNo);
            node.putObject("input").putObject("signOut").put("sign_no", inputSignNo).put("opter_no", opter);
            send(new SignOutRequest(msgid, bytes(node), opter, signNo, inputSignNo, opter));
        }

        private void transact(TransactStep s) throws Exception {
            String signNo = signNo(s.session());
            String opter = s.ownOpter() ? ownerOr(signNo, s.opter()) : number(s.opter());
            String infno = INFNOS[s.infno()];
            String msgid = nextMsgid();
            send(new TransactRequest(msgid, bytes(envelope(infno, msgid, opter, signNo)), infno, opter, signNo));
        }

        private void send(Request request) throws Exception {
            String answer = api.service().call(request.body());
            String stored = recorded.get(request.msgid());
            if (stored != null) {
                assertEquals(stored, answer, "the recorded answer again for " + request);
                Statistics.label("answers").collect("Replay", OperatorModel.DONE);
                return;
            }
            JsonNode json = JSON.readTree(answer);
            String expected = switch (request) {
                case SignInRequest r -> model.signIn(r.opter(), r.opterNo(), r.password());
                case SignOutRequest r -> model.signOut(r.signNo(), r.opter(), r.inputSignNo(), r.inputOpter());
                case TransactRequest r -> model.authorise(r.signNo(), r.opter(), r.infno());
            };
            assertEquals(expected, answerCode(json), request + " at " + clock.instant() + ": " + answer);
            Statistics.label("answers").collect(request.getClass().getSimpleName().replace("Request", ""), expected);
            if (!expected.equals(OperatorModel.DONE)) {
                assertTrue(han(json.get("err_msg").asText()), "a message a cashier can read: " + answer);
                if (request instanceof SignInRequest r && expected.equals("1602")) {
                    assertTrue(json.get("err_msg").asText().endsWith("请 " + lockMinutes(r.opterNo()) + " 分钟后再试"),
                            "how long the lock still runs: " + answer + " at " + clock.instant());
                }
            } else {
                succeeded(request, json, answer);
            }
            if (!sent.contains(request)) sent.add(request);
        }

        private void succeeded(Request request, JsonNode json, String answer) {
            String now = LocalDateTime.ofInstant(clock.instant(), HandClock.SHANGHAI).format(SIGN_TIME);
            switch (request) {
                case SignInRequest r -> {
                    String signNo = json.at("/output/signinoutb/sign_no").asText();
                    assertTrue(signNo.matches("[0-9a-f]{32}"), answer);
                    assertTrue(signNos.add(signNo), "a new sign_no each time: " + answer);
                    assertEquals(now, json.at("/output/signinoutb/sign_time").asText(), answer);
                    model.opened(r.opterNo(), signNo);
                }
                case SignOutRequest r -> {
                    assertEquals(now, json.at("/output/signoutoutb/sign_time").asText(), answer);
                    recorded.put(r.msgid(), answer);
                }
                case TransactRequest r -> {
                    assertEquals(r.opter(), json.at("/output/opter").asText(), "the handler runs as the signed-in operator");
                    recorded.put(r.msgid(), answer);
                }
            }
        }

        /** The minutes left of the operator's lock, any part of a minute counting as one. */
        private long lockMinutes(String opterNo) {
            long millis = Duration.between(clock.instant(), model.failuresOf(opterNo, true).lockedUntil).toMillis();
            return (millis + 59_999) / 60_000;
        }

        private void move(Duration by) {
            clock.advance(by);
            model.advance(by);
        }

        private void moveToBoundary(MoveToBoundaryStep s) {
            List<Instant> ahead = model.boundaries();
            if (ahead.isEmpty()) return;
            ahead.sort(Comparator.naturalOrder());
            Instant to = ahead.get(s.pick() % ahead.size()).minusMillis(s.justBefore() ? 1 : 0);
            if (to.isAfter(clock.instant())) move(Duration.between(clock.instant(), to));
        }

        /** After every step: each operator as stored, and whether each sign_no handed out still authorises its operator. */
        void compare(Step step) throws SQLException {
            Map<String, Operator> stored = api.operators().list().stream()
                    .collect(Collectors.toMap(Operator::opterNo, operator -> operator));
            assertEquals(new TreeSet<>(model.operators().keySet()), new TreeSet<>(stored.keySet()), "operators after " + step);
            for (var entry : model.operators().entrySet()) {
                OperatorModel.Op op = entry.getValue();
                Operator actual = stored.get(entry.getKey());
                String where = entry.getKey() + " after " + step + " at " + clock.instant();
                assertEquals(op.role, actual.role(), where);
                assertEquals(op.disabled, actual.disabled(), where);
                assertEquals(op.mustChange, actual.mustChangePassword(), where);
                assertEquals(op.failures, actual.failedAttempts(), where);
                assertEquals(model.locked(op), actual.lockedAt(clock.instant()), where);
                if (model.locked(op)) assertEquals(op.lockedUntil, actual.lockedUntil().orElseThrow(), where);
            }
            for (OperatorModel.Session session : model.sessions()) {
                String expected = model.authorise(session.signNo, session.opterNo, "9002");
                assertEquals(expected, code(api.sessions().authorise(session.signNo, session.opterNo, "9002")),
                        "sign_no of " + session.opterNo + " after " + step + " at " + clock.instant());
            }
        }

        private String nextMsgid() {
            return Envelopes.msgid(++seq);
        }

        /** Mostly a sign_no the model holds live, else any handed out, one never issued, or none. */
        private String signNo(int pick) {
            List<String> handedOut = model.sessions().stream().map(session -> session.signNo).toList();
            List<String> live = model.sessions().stream()
                    .filter(session -> model.authorise(session.signNo, session.opterNo, "9002").equals(OperatorModel.DONE))
                    .map(session -> session.signNo).toList();
            if (pick % 10 == 9) return NEVER_ISSUED;
            if (pick % 10 == 8 || handedOut.isEmpty()) return "";
            List<String> from = pick % 10 < 6 && !live.isEmpty() ? live : handedOut;
            return from.get(from.size() - 1 - (pick / 10) % from.size());
        }

        private String ownerOr(String signNo, int pick) {
            return model.session(signNo).map(session -> session.opterNo).orElse(number(pick));
        }

        /** An operator the terminal has (the first admin for pick 0), or now and then a number it has not. */
        private String someone(int pick) {
            List<String> known = List.copyOf(model.operators().keySet());
            return pick % 8 == 7 ? NUMBERS[NUMBERS.length - 1] : known.get(pick % known.size());
        }

        /** An operator with a live sign_no in two picks of three when there is one, else {@link #someone}. */
        private String signedIn(int pick) {
            List<String> live = model.sessions().stream()
                    .filter(session -> model.authorise(session.signNo, session.opterNo, "9002").equals(OperatorModel.DONE))
                    .map(session -> session.opterNo).distinct().toList();
            return pick % 3 == 2 || live.isEmpty() ? someone(pick) : live.get(pick % live.size());
        }

        private static String number(int pick) {
            return NUMBERS[pick];
        }

        /** The operator's current password in the model when {@code right}, else a wrong one. */
        private String password(String opterNo, boolean right) {
            OperatorModel.Op op = model.operators().get(opterNo);
            return right && op != null ? op.password : WRONG;
        }

        private Credentials credentials(String opterNo, boolean right) {
            return new Credentials(opterNo, password(opterNo, right).toCharArray());
        }

        private static String code(OperatorOutcome<?> outcome) {
            return outcome instanceof OperatorOutcome.Refused<?> refused ? refused.refusal().reason().code() : OperatorModel.DONE;
        }

        private static boolean han(String text) {
            return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        }

        private static String answerCode(JsonNode json) {
            int infcode = json.get("infcode").intValue();
            String code = json.get("term_errcode").asText();
            assertEquals(infcode == 0, code.isEmpty(), json.toString());
            return code;
        }

        @Override
        public void close() throws IOException {
            cliDatabase.close();
            database.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
            }
        }
    }
}
