package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yibao.outbox.Lane;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.StoredMessage;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.update.CatalogDelta;
import org.yibao.provisioning.update.CatchUp;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.ImportRecord;
import org.yibao.terminal.catalog.SqlCatalog;
import org.yibao.terminal.catalog.SqlCodeMap;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.Settler;
import org.yibao.terminal.identity.voucher.VoucherFixtures;
import org.yibao.terminal.identity.voucher.VoucherOutcome;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * Fleet updates against a model (issue "Provisioning and fleet updates": "Each update is signed,
 * versioned, validated before use, applied atomically, acknowledged with its result, and never
 * applied twice; a device that was offline catches up in order on reconnect"; docs/provisioning.md
 * "Fleet updates from the centre"). Random runs on the terminal side as {@code terminal run} wires
 * it (real terminal.db, outbox, catalogue store, {@link FleetService} and its agent) and a stand-in
 * centre that numbers, signs and stores updates and answers catch-ups from its ledger: policy
 * (in force now, today, or ahead of its date; malformed; not UTF-8), full catalogue (good or with a
 * bad row), catalogue delta (on the base the device holds, or a stale one), code map, voucher trust
 * file, revocation list and commands, on the device's stream and the area's; each pushed at once,
 * later (out of order) or never (only a catch-up brings it), pushed again; forged (a stranger's
 * key, a tampered payload, the update key retired at the last rotation) and signed-but-wrong
 * (another area 1942, content digest 1943) pushes; the centre going offline and back; days passing
 * across effective dates; restarts; the update key rotated (installed on the device, the centre
 * signing with it); settlements and price look-ups with what is in use; vouchers checked against
 * the trust file in use. After every step the model says, and the test checks: each stream's last
 * sequence and every recorded result (status, code, version, reason), the results and status
 * reports queued for the centre in order (one per update, signed refusals once per run, forged
 * pushes never), the policy in force today and those pending, the trust file, catalogue and code
 * map in use, {@link VersionsInUse} (diagnostics export and provision status), the held policies in
 * terminal.db, and that nothing is left in the staging folder.
 *
 * <p>The model follows the agent's documented order: a verified update is applied when it is the
 * next of its stream, held (at most 16, until a restart) when it is early, and dropped when
 * already recorded; a catch-up (on a gap, at each connect, and here at the end of every step while
 * the centre is reachable, as the 15-minute catch-up would) brings every stored update after the
 * last recorded sequence of each stream, streams in name order.
 *
 * <p>Two behaviours the model pins as the code and docs have them, left as open questions: an
 * update the centre signed with the update key that a rotation then retired, not yet applied when
 * the new key was installed, can never be applied (the centre cannot re-sign a numbered update),
 * so its stream stays blocked and every catch-up counts it as not from the centre; and held
 * policies are pruned by the device's date when a policy update is applied, so one applied while
 * the clock ran ahead drops the policy that is in force once the clock is set right (not
 * generated here: the clock only moves forward).
 */
class FleetModelPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE = "T01";
    private static final String ADMDVS = "371502";
    private static final String AREA_STREAM = "area/" + ADMDVS;
    private static final String DEVICE_STREAM = "device/" + DEVICE;
    private static final Path EXAMPLES = FleetRig.EXAMPLES;
    private static final String CONFIGURED_VERSION = "2026.03";
    private static final LocalDate CONFIGURED_EFFECTIVE = LocalDate.of(2026, 1, 1);
    private static final String CAPPED = "XC10AAA123A001010101234";
    private static final String EXTRA = "XNEW000000000000001";
    private static final String REVOKABLE_TOKEN = "ECTREVOKABLE0123456789abcdef0123456789ABCDEFGHIJ";
    private static final DeviceKey ROOT = DeviceKey.generate(KeyAlgorithm.EC);
    private static final DeviceKey STRANGER = DeviceKey.generate(KeyAlgorithm.EC);
    private static final int MAX_HELD = 16;
    /** The control lane's limit here: small, so results and reports also wait in terminal.db for room. */
    private static final int CONTROL_LANE = 8;

    // ---------------------------------------------------------------- steps

    sealed interface Step {
    }

    enum Delivery { PUSH, LATER, LOST }

    /** The centre numbers, signs (with the root or its update key), stores and (perhaps) pushes an update. */
    record Publish(boolean area, Content content, Delivery delivery, boolean byRoot) implements Step {
    }

    /** The updates held back at publish are pushed now, newest first. */
    record PushLater() implements Step {
    }

    /** A stored update pushed again (a duplicate, or an older number). */
    record Redeliver(int pick) implements Step {
    }

    enum Forgery { STRANGER, TAMPERED, RETIRED_KEY }

    /** A push claiming the next number of a stream that no trusted key signed. */
    record Forge(Forgery how, boolean area) implements Step {
    }

    /** Signed by the centre but wrong: for another area (1942) or with a wrong content digest (1943). */
    record SignedWrong(boolean digest) implements Step {
    }

    record Connectivity(boolean online) implements Step {
    }

    /** The centre acknowledges the {@code n} oldest messages of the control lane (making room in it). */
    record CentreAcknowledges(int n) implements Step {
    }

    record TimePasses(int days, int hours) implements Step {
    }

    record Restart() implements Step {
    }

    /** A new update key: installed on the device (replacing the old one, then a restart), and the centre signs with it. */
    record RotateUpdateKey() implements Step {
    }

    /** A settlement with what is in use (policy for today, catalogue, code map) and price look-ups. */
    record Settle() implements Step {
    }

    /** A voucher signed with the SM2 key (kid sm2-1) or the ES256 key (es-1), of a token a revocation may name. */
    record Voucher(boolean sm2, boolean revokableToken) implements Step {
    }

    sealed interface Content {
    }

    enum PolicyFault { NONE, BAD_RATIO, NOT_UTF8 }

    /** The example policy, effective {@code offset} days from today (negative: already in force). */
    record PolicyContent(int offset, PolicyFault fault) implements Content {
    }

    /** A full catalogue: variant {@code variant} (its ver and a price cap), perhaps an extra row, perhaps a bad row. */
    record CatalogContent(int variant, boolean extra, boolean bad) implements Content {
    }

    /** A delta to that catalogue from the base the device holds ({@code stale}: from another one). */
    record DeltaContent(int variant, boolean extra, boolean stale) implements Content {
    }

    record CodeMapContent(boolean extra, boolean bad) implements Content {
    }

    enum KeySet { SM2, ES256, BOTH }

    record TrustContent(KeySet keys, boolean duplicateKid) implements Content {
    }

    /** A list that is not one: {@code ec_tokens} not an array, or an array with a number in it. */
    enum RevocationFault { NONE, NOT_AN_ARRAY, NOT_TEXT }

    record RevocationContent(boolean revoke, boolean versioned, RevocationFault fault) implements Content {
    }

    record CommandContent(boolean known) implements Content {
    }

    // ---------------------------------------------------------------- the centre

    /** An update the centre stored, with what the model needs to know of it. */
    record Stored(String stream, long seq, UpdateKind kind, byte[] envelope, String signer, Content content, byte[] body,
                  Optional<byte[]> deltaBase) {
        String id() {
            return stream + "/" + seq;
        }
    }

    /** The stand-in centre: its ledger answers catch-ups; whether it can be reached is the test's to say. */
    static final class Centre implements CentreChannel {
        final Map<String, List<Stored>> ledger = new TreeMap<>(Map.of(AREA_STREAM, new ArrayList<>(), DEVICE_STREAM, new ArrayList<>()));
        volatile boolean connected = true;
        volatile long connections = 1;
        /** The largest message the device declared (0: no limit). */
        volatile long maxPacket;
        /** At most this many updates an answer, with {@code more} when there are others (0: all of them), as a centre does with large ones. */
        volatile int perAnswer;
        /** How long an answer takes to come (the network, the centre reading its store). */
        volatile Duration answerDelay = Duration.ZERO;

        @Override
        public long maxPacketBytes() {
            return maxPacket;
        }

        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public long connections() {
            return connections;
        }

        @Override
        public Optional<byte[]> ask(String service, byte[] body, Duration timeout) {
            if (!connected || !CatchUp.SERVICE.equals(service)) return Optional.empty();
            if (!answerDelay.isZero()) {
                try {
                    Thread.sleep(answerDelay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
            CatchUp.Request request = CatchUp.Request.parse(body);
            List<byte[]> updates = new ArrayList<>();
            for (Map.Entry<String, List<Stored>> stream : ledger.entrySet()) {
                long after = request.after().getOrDefault(stream.getKey(), 0L);
                stream.getValue().stream().filter(s -> s.seq() > after).forEach(s -> updates.add(s.envelope()));
            }
            int limit = perAnswer;
            if (limit > 0 && updates.size() > limit) return Optional.of(new CatchUp.Answer(updates.subList(0, limit), true).toJson());
            return Optional.of(new CatchUp.Answer(updates, false).toJson());
        }
    }

    // ---------------------------------------------------------------- the terminal

    /** The terminal side on one data folder, reopened by {@link #restart}. */
    static final class Terminal implements AutoCloseable {
        final Path dir;
        final HandClock clock = new HandClock(Instant.ofEpochSecond(VoucherFixtures.NOW));
        final Centre centre;
        final Policy configured;
        SqliteDatabase db;
        Outbox outbox;
        CatalogStore catalogs;
        SqlCatalog catalog;
        SqlCodeMap codeMap;
        FleetService fleet;
        SqliteReplayStore replay;

        Terminal(Path dir, Centre centre, DeviceKey updateKey) throws Exception {
            this.dir = dir;
            this.centre = centre;
            Files.createDirectories(dir.resolve("trust"));
            Files.writeString(dir.resolve(FleetService.ROOT_FILE), Pem.write(ROOT.pair().getPublic()));
            installUpdateKey(updateKey);
            for (String f : List.of("policy.yaml", "catalog.tsv", "codemap.tsv")) Files.copy(EXAMPLES.resolve(f), dir.resolve(f));
            configured = PolicyLoader.load(dir.resolve("policy.yaml"));
            open();
        }

        void installUpdateKey(DeviceKey key) throws Exception {
            Files.writeString(dir.resolve(FleetService.UPDATE_KEY_FILE), Pem.write(key.pair().getPublic()));
        }

        /** As {@code terminal run}: the configured catalogue and code map imported once, then the fleet on the same database. */
        void open() throws Exception {
            db = SqliteDatabase.open(dir.resolve("terminal.db"), clock);
            catalogs = new CatalogStore(db, clock);
            if (catalogs.currentCatalog().isEmpty()) catalogs.importCatalog(dir.resolve("catalog.tsv"));
            if (catalogs.currentCodeMap().isEmpty()) catalogs.importCodeMap(dir.resolve("codemap.tsv"));
            catalog = catalogs.catalog();
            codeMap = catalogs.codeMap();
            OutboxPolicy defaults = OutboxPolicy.defaults();
            outbox = Outbox.open(db, DEVICE, new OutboxPolicy(defaults.softMaxCount(), defaults.softMaxBytes(), defaults.maxOldestAge(),
                    defaults.hardMaxCount(), defaults.hardMaxBytes(), CONTROL_LANE, defaults.maxPayloadBytes(), defaults.maxAttempts(),
                    defaults.retention()), clock);
            fleet = FleetService.open(FleetParts.of(db, dir, configured, Optional.of(catalogs), outbox,
                    new FleetService.Identity(DEVICE, ADMDVS, "H00000000001"), clock));
            replay = SqliteReplayStore.open(dir.resolve("nonces"));
            fleet.connect(centre, Duration.ofHours(1), Duration.ofHours(1)); // only the start's look and the steps' catch-ups
        }

        void restart() throws Exception {
            close();
            open();
        }

        /** Waits until the agent handled every push so far, and (centre reachable) caught up. */
        void settle() throws Exception {
            fleet.agent().orElseThrow().catchUpNow(Duration.ofSeconds(60));
        }

        void push(byte[] envelope) {
            fleet.inbox().accept(envelope);
        }

        LocalDate today() {
            return LocalDate.now(clock);
        }

        @Override
        public void close() throws Exception {
            fleet.close();
            catalog.close();
            codeMap.close();
            replay.close();
            db.close();
        }
    }

    // ---------------------------------------------------------------- the model

    /** A message the terminal queued for the centre. */
    record Message(String type, String updateId, String status, String code, String version, String reason) {
    }

    /** A recorded update's result. */
    record Result(String status, String code, String version, String reason) {
    }

    record HeldPolicy(LocalDate effective, String version, boolean configured) {
    }

    /** A catalogue the model knows: its bytes and what a look-up must find. */
    record Catalogue(byte[] body, String version, boolean extra, String cap) {
    }

    static final class Model {
        final Centre centre;
        final Map<String, Long> last = new TreeMap<>();
        final Map<String, TreeMap<Long, Stored>> held = new TreeMap<>();
        final Map<String, Result> recorded = new LinkedHashMap<>();
        /** The messages for the centre in the outbox's control lane, oldest first. */
        final List<Object> queued = new ArrayList<>();
        /** Those waiting in terminal.db for room in the control lane, in order. */
        final List<Object> waiting = new ArrayList<>();
        final Set<String> answered = new HashSet<>();
        final Set<String> trustedSigners = new HashSet<>();
        String updateKey;
        String retiredKey;
        long unverified;
        boolean catchingUp;
        List<HeldPolicy> policies = new ArrayList<>(List.of(new HeldPolicy(CONFIGURED_EFFECTIVE, CONFIGURED_VERSION, true)));
        Catalogue catalogue;
        Optional<byte[]> base = Optional.empty();
        String codeMapVersion;
        String trustVersion = "none";
        KeySet trustKeys;
        boolean tokenRevoked;
        LocalDate today;

        Model(Centre centre, LocalDate today) throws Exception {
            this.centre = centre;
            this.today = today;
            byte[] example = Files.readAllBytes(EXAMPLES.resolve("catalog.tsv"));
            catalogue = new Catalogue(example, "2026.02", false, "2.50");
            codeMapVersion = sha256(Files.readAllBytes(EXAMPLES.resolve("codemap.tsv"))).substring(0, 16);
        }

        long last(String stream) {
            return last.getOrDefault(stream, 0L);
        }

        /** The agent's handling of a received envelope. */
        void receive(Stored s) {
            if (!trustedSigners.contains(s.signer())) {
                if (s.content() != null) Statistics.label("blocked").collect("a stream held up by an update signed with a retired key");
                unverified++;
                return;
            }
            offer(s);
        }

        void signedWrong(String claimedId, String code) {
            if (answered.add(claimedId + "|" + code)) send(new Message("fleet.result", claimedId, "REFUSED", code, "", null));
        }

        void offer(Stored s) {
            long lastSeq = last(s.stream());
            if (s.seq() <= lastSeq) return;
            if (s.seq() > lastSeq + 1) {
                TreeMap<Long, Stored> waiting = held.computeIfAbsent(s.stream(), k -> new TreeMap<>());
                if (waiting.size() < MAX_HELD) waiting.put(s.seq(), s);
                catchUp();
                return;
            }
            apply(s);
            TreeMap<Long, Stored> waiting = held.get(s.stream());
            while (waiting != null && !waiting.isEmpty()) {
                long next = last(s.stream()) + 1;
                waiting.headMap(next, false).clear();
                if (waiting.isEmpty() || waiting.firstKey() != next) return;
                apply(waiting.remove(next));
            }
        }

        void catchUp() {
            if (catchingUp || !centre.connected) return;
            catchingUp = true;
            Map<String, Long> after = new TreeMap<>(last);
            for (Map.Entry<String, List<Stored>> stream : centre.ledger.entrySet()) {
                long from = after.getOrDefault(stream.getKey(), 0L);
                stream.getValue().stream().filter(s -> s.seq() > from).forEach(this::receive);
            }
            catchingUp = false;
        }

        /** Into the control lane while it has room and nothing waits; else after those waiting. */
        void send(Object message) {
            if (waiting.isEmpty() && queued.size() < CONTROL_LANE) {
                queued.add(message);
            } else {
                waiting.add(message);
            }
        }

        /** What waits goes to the control lane as far as it has room (the agent looks as it starts). */
        void queueWaiting() {
            while (!waiting.isEmpty() && queued.size() < CONTROL_LANE) queued.add(waiting.removeFirst());
        }

        void restart() {
            if (held.values().stream().anyMatch(h -> !h.isEmpty())) Statistics.label("restarts").collect("with early updates held");
            held.clear();
            answered.clear();
            unverified = 0;
            queueWaiting();
            catchUp(); // the agent's first look finds the centre connected
        }

        /** What the terminal must do with {@code s}, the next of its stream. */
        void apply(Stored s) {
            Result result = switch (s.content()) {
                case PolicyContent p -> policy(p, s.body());
                case CatalogContent c -> catalogue(c, s.body());
                case DeltaContent d -> delta(d, s);
                case CodeMapContent m -> codeMap(m, s.body());
                case TrustContent t -> trust(t, s.body());
                case RevocationContent r -> revocation(r, s.body());
                case CommandContent c -> command(c, s);
            };
            last.put(s.stream(), s.seq());
            recorded.put(s.id(), result);
            Statistics.label("results").collect(s.kind().wire() + " " + result.status() + " " + result.code());
            send(new Message("fleet.result", s.id(), result.status(), result.code(), result.version(), result.reason()));
        }

        private Result policy(PolicyContent p, byte[] body) {
            if (p.fault() == PolicyFault.NOT_UTF8) return refused("1948");
            if (p.fault() == PolicyFault.BAD_RATIO) return refused("1207");
            String version = versionOf(body);
            LocalDate effective = effectiveOf(body);
            List<HeldPolicy> kept = new ArrayList<>(policies.stream().filter(h -> h.effective().isBefore(effective)).toList());
            kept.add(new HeldPolicy(effective, version, false));
            int inForce = inForce(kept, today);
            policies = new ArrayList<>(kept.subList(Math.max(inForce, 0), kept.size()));
            return applied(version, effective.isAfter(today) ? "自 " + effective + " 起生效" : "");
        }

        private Result catalogue(CatalogContent c, byte[] body) {
            if (c.bad()) return refused("1108");
            catalogue = new Catalogue(body, catalogueVersion(c.variant()), c.extra(), cap(c.variant()));
            base = Optional.of(body);
            return applied(catalogue.version(), "");
        }

        private Result delta(DeltaContent d, Stored s) {
            if (base.isEmpty() || !java.util.Arrays.equals(base.get(), s.deltaBase().orElseThrow())) return refused("1950");
            return catalogue(new CatalogContent(d.variant(), d.extra(), false), catalogueBody(d.variant(), d.extra(), false));
        }

        private Result codeMap(CodeMapContent m, byte[] body) {
            if (m.bad()) return refused("1113");
            codeMapVersion = sha256(body).substring(0, 16);
            return applied(codeMapVersion, "");
        }

        private Result trust(TrustContent t, byte[] body) {
            if (t.duplicateKid()) return refused("1567");
            trustVersion = parse(body).path("version").asText();
            trustKeys = t.keys();
            tokenRevoked = false;
            return applied(trustVersion, "");
        }

        private Result revocation(RevocationContent r, byte[] body) {
            if (r.fault() != RevocationFault.NONE) return refused("1949");
            if (r.versioned()) trustVersion = parse(body).path("version").asText();
            tokenRevoked = r.revoke();
            return applied(trustVersion, "");
        }

        private Result command(CommandContent c, Stored s) {
            if (!c.known()) return refused("1946");
            send(statusReport(s.id()));
            return applied("status", "");
        }

        /** The status report a status command queues (before its own result is recorded). */
        ObjectNode statusReport(String updateId) {
            ObjectNode r = JSON.createObjectNode();
            r.put("update_id", updateId).put("device", DEVICE).put("online", centre.connected);
            r.put("policy_version", policyOn(today));
            var pending = r.putArray("policy_pending");
            policies.stream().filter(h -> h.effective().isAfter(today))
                    .forEach(h -> pending.addObject().put("version", h.version()).put("effective", h.effective().toString()));
            r.put("trust_version", trustVersion);
            r.put("catalog_version", catalogue.version());
            r.put("codemap_version", codeMapVersion);
            ObjectNode streams = r.putObject("update_streams");
            last.forEach(streams::put);
            r.put("results_waiting", waiting.size());
            r.put("unverified_updates_refused", unverified);
            return r;
        }

        String policyOn(LocalDate date) {
            int i = inForce(policies, date);
            return policies.get(Math.max(i, 0)).version();
        }

        /** The policy from the centre in force on {@code date} (what provision status reports), if any. */
        Optional<String> centrePolicyOn(LocalDate date) {
            List<HeldPolicy> fromCentre = policies.stream().filter(h -> !h.configured()).toList();
            int i = inForce(fromCentre, date);
            return i < 0 ? Optional.empty() : Optional.of(fromCentre.get(i).version());
        }

        private static int inForce(List<HeldPolicy> ordered, LocalDate date) {
            int found = -1;
            for (int i = 0; i < ordered.size() && !ordered.get(i).effective().isAfter(date); i++) found = i;
            return found;
        }

        private static Result applied(String version, String reason) {
            return new Result("APPLIED", "0", version, reason);
        }

        private static Result refused(String code) {
            return new Result("REFUSED", code, "", null);
        }
    }

    // ---------------------------------------------------------------- the property

    @Property(tries = 25, edgeCases = EdgeCasesMode.NONE)
    void fleetUpdatesAreAppliedOnceInOrderAndRefusalsChangeNothing(@ForAll("runs") List<Step> run) throws Exception {
        Path dir = Files.createTempDirectory("fleet-model");
        Centre centre = new Centre();
        DeviceKey updateKey = DeviceKey.generate(KeyAlgorithm.EC);
        Map<String, DeviceKey> keys = new LinkedHashMap<>(Map.of("root", ROOT, "k1", updateKey, "stranger", STRANGER));
        try (Terminal terminal = new Terminal(dir, centre, updateKey)) {
            Model model = new Model(centre, terminal.today());
            model.trustedSigners.addAll(List.of("root", "k1"));
            model.updateKey = "k1";
            model.restart();
            terminal.settle();
            model.catchUp();
            check(terminal, model, "start");
            Runner runner = new Runner(terminal, model, keys);
            int n = 0;
            for (Step step : run) {
                runner.run(step);
                terminal.settle();
                model.catchUp();
                check(terminal, model, "step " + (++n) + " " + step);
            }
        } finally {
            deleteAll(dir);
        }
    }

    /** Carries out steps on the terminal and the centre, and tells the model. */
    static final class Runner {
        final Terminal terminal;
        final Model model;
        final Map<String, DeviceKey> keys;
        final List<Stored> later = new ArrayList<>();
        final List<Stored> stored = new ArrayList<>();
        int versions = 10;
        int rotations = 1;

        Runner(Terminal terminal, Model model, Map<String, DeviceKey> keys) {
            this.terminal = terminal;
            this.model = model;
            this.keys = keys;
        }

        void run(Step step) throws Exception {
            switch (step) {
                case Publish p -> publish(p);
                case PushLater l -> {
                    for (Stored s : later.reversed()) deliver(s);
                    later.clear();
                }
                case Redeliver r -> {
                    if (!stored.isEmpty()) deliver(stored.get(r.pick() % stored.size()));
                }
                case Forge f -> forge(f);
                case SignedWrong w -> signedWrong(w);
                case CentreAcknowledges a -> {
                    List<String> ids = terminal.outbox.nextBatch(Lane.CONTROL, a.n(), Set.of()).stream().map(StoredMessage::id).toList();
                    terminal.outbox.apply(ids.stream().<org.yibao.outbox.Outcome>mapMulti((id, out) -> {
                        out.accept(new org.yibao.outbox.Outcome.Published(id));
                        out.accept(new org.yibao.outbox.Outcome.Accepted(id));
                    }).toList());
                    model.queued.subList(0, Math.min(a.n(), model.queued.size())).clear();
                }
                case Connectivity c -> {
                    if (c.online() && !terminal.centre.connected) terminal.centre.connections++;
                    terminal.centre.connected = c.online();
                }
                case TimePasses t -> {
                    terminal.clock.advance(Duration.ofDays(t.days()).plusHours(t.hours()));
                    model.today = terminal.today();
                }
                case Restart r -> restart();
                case RotateUpdateKey r -> {
                    String name = "k" + (++rotations);
                    DeviceKey key = DeviceKey.generate(KeyAlgorithm.EC);
                    keys.put(name, key);
                    terminal.installUpdateKey(key);
                    model.trustedSigners.remove(model.updateKey);
                    model.retiredKey = model.updateKey;
                    model.updateKey = name;
                    model.trustedSigners.add(name);
                    restart();
                }
                case Settle s -> settleWithWhatIsInUse();
                case Voucher v -> voucher(v);
            }
        }

        private void restart() throws Exception {
            terminal.restart();
            model.restart();
        }

        private void deliver(Stored s) {
            terminal.push(s.envelope());
            model.receive(s);
        }

        private void publish(Publish p) throws Exception {
            String stream = p.area() ? AREA_STREAM : DEVICE_STREAM;
            List<Stored> ledger = terminal.centre.ledger.get(stream);
            long seq = ledger.size() + 1L;
            UpdateTarget target = p.area() ? UpdateTarget.area(ADMDVS) : UpdateTarget.device(DEVICE);
            Optional<byte[]> deltaBase = Optional.empty();
            byte[] body;
            UpdateKind kind;
            String command = "";
            switch (p.content()) {
                case PolicyContent c -> {
                    kind = UpdateKind.POLICY;
                    body = policyBody("2027." + (versions++), model.today.plusDays(c.offset()), c.fault());
                }
                case CatalogContent c -> {
                    kind = UpdateKind.CATALOG;
                    body = catalogueBody(c.variant(), c.extra(), c.bad());
                }
                case DeltaContent c -> {
                    kind = UpdateKind.CATALOG_DELTA;
                    byte[] from = c.stale() ? catalogueBody(9, true, false) : model.base.orElse(model.catalogue.body());
                    deltaBase = Optional.of(from);
                    body = CatalogDelta.compute(from, catalogueBody(c.variant(), c.extra(), false));
                }
                case CodeMapContent c -> {
                    kind = UpdateKind.CODEMAP;
                    body = codeMapBody(c.extra(), c.bad());
                }
                case TrustContent c -> {
                    kind = UpdateKind.TRUST;
                    body = trustBody("trust-" + (versions++), c.keys(), c.duplicateKid());
                }
                case RevocationContent c -> {
                    kind = UpdateKind.REVOCATION;
                    ObjectNode list = JSON.createObjectNode();
                    if (c.versioned()) list.put("version", "rev-" + (versions++));
                    if (c.fault() == RevocationFault.NOT_AN_ARRAY) {
                        list.put("ec_tokens", REVOKABLE_TOKEN);
                    } else {
                        var tokens = list.putArray("ec_tokens");
                        if (c.revoke()) tokens.add(REVOKABLE_TOKEN);
                        if (c.fault() == RevocationFault.NOT_TEXT) tokens.add(7);
                    }
                    list.putArray("psn_nos");
                    body = list.toString().getBytes(StandardCharsets.UTF_8);
                }
                case CommandContent c -> {
                    kind = UpdateKind.COMMAND;
                    body = new byte[0];
                    command = c.known() ? "status" : "reboot";
                }
            }
            String signer = p.byRoot() ? "root" : model.updateKey;
            byte[] envelope = UpdateEnvelope.sign(new Update(target, seq, kind, terminal.clock.instant(), body, command),
                    keys.get(signer).pair().getPrivate(), KeyAlgorithm.EC);
            Stored s = new Stored(stream, seq, kind, envelope, signer, p.content(), body, deltaBase);
            ledger.add(s);
            stored.add(s);
            switch (p.delivery()) {
                case PUSH -> deliver(s);
                case LATER -> later.add(s);
                case LOST -> { }
            }
        }

        private void forge(Forge f) throws Exception {
            String stream = f.area() ? AREA_STREAM : DEVICE_STREAM;
            UpdateTarget target = f.area() ? UpdateTarget.area(ADMDVS) : UpdateTarget.device(DEVICE);
            long seq = terminal.centre.ledger.get(stream).size() + 1L;
            Update forged = new Update(target, seq, UpdateKind.POLICY, terminal.clock.instant(),
                    policyBody("6666.66", model.today, PolicyFault.NONE), "");
            byte[] envelope = switch (f.how()) {
                case STRANGER -> UpdateEnvelope.sign(forged, STRANGER.pair().getPrivate(), KeyAlgorithm.EC);
                case RETIRED_KEY -> UpdateEnvelope.sign(forged, keys.get(model.retiredKey == null ? "stranger" : model.retiredKey)
                        .pair().getPrivate(), KeyAlgorithm.EC);
                case TAMPERED -> {
                    JsonNode genuine = JSON.readTree(UpdateEnvelope.sign(new Update(target, seq, UpdateKind.COMMAND,
                            terminal.clock.instant(), new byte[0], "status"), ROOT.pair().getPrivate(), KeyAlgorithm.EC));
                    JsonNode other = JSON.readTree(UpdateEnvelope.sign(forged, STRANGER.pair().getPrivate(), KeyAlgorithm.EC));
                    yield JSON.createObjectNode().put("format", UpdateEnvelope.FORMAT).put("payload", other.path("payload").asText())
                            .put("signature", genuine.path("signature").asText()).toString().getBytes(StandardCharsets.UTF_8);
                }
            };
            terminal.push(envelope);
            model.receive(new Stored(stream, seq, UpdateKind.POLICY, envelope, "forger", null, new byte[0], Optional.empty()));
        }

        private void signedWrong(SignedWrong w) throws Exception {
            byte[] envelope;
            String claimed;
            String code;
            if (w.digest()) {
                long seq = terminal.centre.ledger.get(DEVICE_STREAM).size() + 1L;
                Update update = new Update(UpdateTarget.device(DEVICE), seq, UpdateKind.COMMAND, terminal.clock.instant(),
                        new byte[0], "status");
                ObjectNode payload = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(
                        JSON.readTree(UpdateEnvelope.sign(update, ROOT.pair().getPrivate(), KeyAlgorithm.EC)).path("payload").asText()));
                payload.put("content_sha256", sha256("not the content".getBytes(StandardCharsets.UTF_8)));
                byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
                envelope = JSON.createObjectNode().put("format", UpdateEnvelope.FORMAT)
                        .put("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
                        .put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(
                                BundleJson.signature(bytes, ROOT.pair().getPrivate(), KeyAlgorithm.EC)))
                        .toString().getBytes(StandardCharsets.UTF_8);
                claimed = DEVICE_STREAM + "/" + seq;
                code = "1943";
            } else {
                Update update = new Update(UpdateTarget.area("379999"), 1, UpdateKind.COMMAND, terminal.clock.instant(),
                        new byte[0], "status");
                envelope = UpdateEnvelope.sign(update, ROOT.pair().getPrivate(), KeyAlgorithm.EC);
                claimed = "area/379999/1";
                code = "1942";
            }
            terminal.push(envelope);
            model.signedWrong(claimed, code);
        }

        private void settleWithWhatIsInUse() {
            LocalDate today = model.today;
            Settler settler = new Settler(terminal.fleet.policies().on(today), terminal.catalog, terminal.codeMap, "pharmacy");
            Outcome<Settlement> outcome = settler.settle(Fixtures.employee(false,
                    Fixtures.localLine("P0001", "10.00", "1", "10.00")), Fixtures.person("310", "11", "100.00"), today);
            if (!(outcome instanceof Outcome.Ok<Settlement> ok)) throw new AssertionError("not settled: " + outcome);
            Settlement settlement = ok.value();
            assertEquals(new Settlement.Versions(model.policyOn(today), model.catalogue.version(), model.codeMapVersion),
                    settlement.versions(), "the versions a settlement records are those in use");
            Optional<CatalogEntry> capped = terminal.catalog.find(CAPPED, today);
            assertEquals(model.catalogue.cap(), capped.orElseThrow().priceCap().toPlainString(), "price cap in use");
            assertEquals(model.catalogue.extra(), terminal.catalog.find(EXTRA, today).isPresent(), "a row only some catalogues have");
        }

        private void voucher(Voucher v) {
            VoucherFixtures.Payload payload = VoucherFixtures.payload();
            if (v.revokableToken()) payload.ecToken = REVOKABLE_TOKEN;
            String qr = v.sm2() ? VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", payload)
                    : VoucherFixtures.issue(VoucherFixtures.ES256, "es-1", payload);
            VoucherOutcome outcome = new Ybec1Verifier(terminal.fleet.trust(), terminal.replay, Ybec1Verifier.DEFAULT_SKEW)
                    .decode(qr, Instant.ofEpochSecond(VoucherFixtures.NOW));
            KeySet keys = model.trustKeys;
            boolean known = keys != null && (keys == KeySet.BOTH || (keys == KeySet.SM2) == v.sm2());
            String expected = !known ? "1511" : v.revokableToken() && model.tokenRevoked ? "1520" : "accepted";
            Statistics.label("vouchers").collect(expected);
            String got = outcome instanceof VoucherOutcome.Refused r ? r.refusal().reason().code() : "accepted";
            assertEquals(expected, got, "the voucher against the trust file in use (" + model.trustVersion + ")");
        }
    }

    // ---------------------------------------------------------------- checks

    private static void check(Terminal t, Model m, String where) throws Exception {
        FleetStore store = t.fleet.store();
        Map<String, Long> expectedSeqs = new TreeMap<>(m.last);
        assertEquals(expectedSeqs, store.lastSeqs(), where + ": each stream's last sequence");
        assertEquals(m.recorded.size(), store.count(), where + ": updates recorded");
        for (Map.Entry<String, Result> e : m.recorded.entrySet()) {
            FleetStore.Recorded r = store.recorded(e.getKey()).orElseThrow(() -> new AssertionError(where + ": " + e.getKey() + " not recorded"));
            Result want = e.getValue();
            assertEquals(want.status() + " " + want.code() + " " + want.version(), r.status() + " " + r.code() + " " + r.version(),
                    where + ": the result of " + e.getKey() + " (" + r.reason() + ")");
            if (want.reason() != null) assertEquals(want.reason(), r.reason(), where + ": the reason of " + e.getKey());
        }
        checkMessages(t, m, where);

        LocalDate today = m.today;
        assertEquals(m.policyOn(today), t.fleet.policies().on(today).version(), where + ": the policy in force today");
        assertEquals(m.policies.stream().filter(h -> h.effective().isAfter(today)).map(HeldPolicy::version).toList(),
                t.fleet.policies().timeline().pendingAfter(today).stream().map(Policy::version).toList(), where + ": policies pending");
        assertEquals(m.policies.stream().filter(h -> !h.configured()).map(HeldPolicy::version).toList(),
                store.heldPolicies().stream().map(FleetStore.Content::version).toList(), where + ": the policies held in terminal.db");
        assertEquals(m.trustVersion, t.fleet.trust().get().version(), where + ": the trust file in use");
        assertEquals(m.catalogue.version(), t.catalogs.currentCatalog().map(ImportRecord::version).orElse(""), where + ": catalogue");
        assertEquals(m.codeMapVersion, t.catalogs.currentCodeMap().map(ImportRecord::version).orElse(""), where + ": code map");

        Map<String, String> export = VersionsInUse.read(Optional.of(t.dir.resolve("policy.yaml")), t.dir, today);
        Map<String, String> expected = new TreeMap<>(Map.of("app", export.get("app"), "policy", m.policyOn(today),
                "trust", m.trustVersion, "catalog", m.catalogue.version(), "codemap", m.codeMapVersion));
        assertEquals(expected, export, where + ": versions diagnostics export reports");
        Map<String, String> status = VersionsInUse.read(Optional.empty(), t.dir, today);
        Map<String, String> expectedStatus = new TreeMap<>(expected);
        expectedStatus.put("policy", m.centrePolicyOn(today).orElse(""));
        if (m.centrePolicyOn(today).isEmpty()) expectedStatus.put("policy_reason", "未给出运行配置（--config），本机也没有中心下发且已生效的政策");
        assertEquals(expectedStatus, status, where + ": versions provision status reports (it does not know the run file's policy)");

        Path staging = t.dir.resolve("fleet-staging");
        if (Files.isDirectory(staging)) {
            try (Stream<Path> left = Files.list(staging)) {
                assertEquals(List.of(), left.toList(), where + ": nothing left staged");
            }
        }
    }

    private static void checkMessages(Terminal t, Model m, String where) throws Exception {
        List<String> got = new ArrayList<>();
        for (StoredMessage message : t.outbox.nextBatch(Lane.CONTROL, 10_000, Set.of())) {
            got.add(describe(message.type(), JSON.readTree(message.payload())));
        }
        assertEquals(describeAll(m.queued), String.join("\n", got), where + ": the messages in the control lane");
        List<String> waiting = new ArrayList<>();
        for (FleetStore.Unsent message : t.fleet.store().unsent(10_000)) {
            waiting.add(describe(message.type(), JSON.readTree(message.payload())));
        }
        assertEquals(describeAll(m.waiting), String.join("\n", waiting), where + ": the messages waiting for room in terminal.db");
    }

    private static String describeAll(List<Object> messages) {
        List<String> out = new ArrayList<>();
        for (Object expected : messages) {
            out.add(expected instanceof Message msg ? describe(msg) : describe("fleet.status", (JsonNode) expected));
        }
        return String.join("\n", out);
    }

    private static String describe(Message msg) {
        return msg.type() + " " + msg.updateId() + " " + msg.status() + " " + msg.code() + " " + msg.version()
                + (msg.reason() == null ? "" : " [" + msg.reason() + "]");
    }

    private static String describe(String type, JsonNode payload) {
        if (type.equals("fleet.result")) {
            String reason = payload.path("status").asText().equals("APPLIED") ? " [" + payload.path("reason").asText() + "]" : "";
            return type + " " + payload.path("update_id").asText() + " " + payload.path("status").asText() + " "
                    + payload.path("term_errcode").asText() + " " + payload.path("version").asText() + reason;
        }
        ObjectNode kept = JSON.createObjectNode();
        for (String field : List.of("update_id", "device", "online", "policy_version", "policy_pending", "trust_version",
                "catalog_version", "codemap_version", "update_streams", "results_waiting", "unverified_updates_refused")) {
            kept.set(field, payload.path(field));
        }
        return type + " " + kept;
    }

    // ---------------------------------------------------------------- contents

    static byte[] policyBody(String version, LocalDate effective, PolicyFault fault) throws Exception {
        String text = Files.readString(EXAMPLES.resolve("policy.yaml"))
                .replace("version: \"2026.03\"", "version: \"" + version + "\"")
                .replace("effective: 2026-01-01", "effective: " + effective);
        if (fault == PolicyFault.BAD_RATIO) text = text.replace("ratio: 0.70", "ratio: 1.70");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (fault == PolicyFault.NOT_UTF8) {
            byte[] broken = java.util.Arrays.copyOf(bytes, bytes.length + 2);
            broken[bytes.length] = (byte) 0xC3;
            broken[bytes.length + 1] = (byte) 0x28;
            return broken;
        }
        return bytes;
    }

    static String versionOf(byte[] policy) {
        String text = new String(policy, StandardCharsets.UTF_8);
        int at = text.indexOf("version: \"") + "version: \"".length();
        return text.substring(at, text.indexOf('"', at));
    }

    static LocalDate effectiveOf(byte[] policy) {
        String text = new String(policy, StandardCharsets.UTF_8);
        int at = text.indexOf("effective: ") + "effective: ".length();
        return LocalDate.parse(text.substring(at, at + 10));
    }

    static String catalogueVersion(int variant) {
        return "2027.0" + variant;
    }

    static String cap(int variant) {
        return (2 + variant) + ".50";
    }

    static byte[] catalogueBody(int variant, boolean extra, boolean bad) {
        try {
            String version = catalogueVersion(variant);
            StringBuilder text = new StringBuilder(Files.readString(EXAMPLES.resolve("catalog.tsv"))
                    .replace("\t2026.02", "\t" + version).replace("\t2.50\t", "\t" + cap(variant) + "\t"));
            if (extra) text.append(EXTRA).append("\t新增药品\t101\t01\t09\t0\t0\tnull\t0\t2026-01-01\tnull\t").append(version).append('\n');
            if (bad) text.append("XBROKEN\t坏行\t101\t01\t09\t2.5\t0\tnull\t0\t2024-01-01\tnull\t").append(version).append('\n');
            return text.toString().getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] codeMapBody(boolean extra, boolean bad) throws Exception {
        StringBuilder text = new StringBuilder(Files.readString(EXAMPLES.resolve("codemap.tsv")));
        if (extra) text.append("P0009\t复方丹参滴丸（大包装）\t101\tZA12FAA0145010100201\t2024-01-01\tnull\n");
        if (bad) text.append("P0001\t奥美拉唑（另一对照）\t101\tZA12FAA0145010100201\t2025-01-01\tnull\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] trustBody(String version, KeySet keys, boolean duplicateKid) {
        List<ObjectNode> entries = new ArrayList<>();
        if (keys != KeySet.ES256) entries.add(VoucherFixtures.entry("sm2-1", VoucherFixtures.SM2, 0, 9_999_999_999L));
        if (keys != KeySet.SM2) entries.add(VoucherFixtures.entry("es-1", VoucherFixtures.ES256, 0, 9_999_999_999L));
        if (duplicateKid) entries.add(VoucherFixtures.entry(entries.getFirst().path("kid").asText(), VoucherFixtures.SM2, 0, 9_999_999_999L));
        ObjectNode trust = parse(VoucherFixtures.trustJson(entries, List.of(), List.of()).getBytes(StandardCharsets.UTF_8));
        trust.put("version", version);
        return trust.toString().getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteAll(Path dir) throws java.io.IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Content> content = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(-800, -3, 0, 1, 2), Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(6, PolicyFault.NONE), net.jqwik.api.Tuple.of(1, PolicyFault.BAD_RATIO),
                        net.jqwik.api.Tuple.of(1, PolicyFault.NOT_UTF8))).as(PolicyContent::new),
                Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.of(true, false),
                        Arbitraries.frequency(net.jqwik.api.Tuple.of(4, false), net.jqwik.api.Tuple.of(1, true))).as(CatalogContent::new),
                Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.of(true, false),
                        Arbitraries.frequency(net.jqwik.api.Tuple.of(3, false), net.jqwik.api.Tuple.of(1, true))).as(DeltaContent::new),
                Combinators.combine(Arbitraries.of(true, false),
                        Arbitraries.frequency(net.jqwik.api.Tuple.of(4, false), net.jqwik.api.Tuple.of(1, true))).as(CodeMapContent::new),
                Combinators.combine(Arbitraries.of(KeySet.class),
                        Arbitraries.frequency(net.jqwik.api.Tuple.of(4, false), net.jqwik.api.Tuple.of(1, true))).as(TrustContent::new),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.frequency(net.jqwik.api.Tuple.of(6, RevocationFault.NONE), net.jqwik.api.Tuple.of(1, RevocationFault.NOT_AN_ARRAY),
                                net.jqwik.api.Tuple.of(1, RevocationFault.NOT_TEXT))).as(RevocationContent::new),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(4, true), net.jqwik.api.Tuple.of(1, false)).map(CommandContent::new));
        Arbitrary<Step> publish = Combinators.combine(Arbitraries.of(true, false), content,
                Arbitraries.frequency(net.jqwik.api.Tuple.of(5, Delivery.PUSH), net.jqwik.api.Tuple.of(2, Delivery.LATER),
                        net.jqwik.api.Tuple.of(1, Delivery.LOST)), Arbitraries.of(true, false)).as(Publish::new);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, publish),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new PushLater())),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 1000).map(Redeliver::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(Forgery.class), Arbitraries.of(true, false)).as(Forge::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(SignedWrong::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(true, false).map(Connectivity::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 6).map(CentreAcknowledges::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 12))
                        .as(TimePasses::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Restart())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new RotateUpdateKey())),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Settle())),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Voucher::new)));
        return step.list().ofMinSize(15).ofMaxSize(45);
    }
}
