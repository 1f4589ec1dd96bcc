package org.yibao.terminal.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.uplink.UplinkMetrics;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.update.UpdateVerifier;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicyTimeline;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * Fleet updates in the running terminal, assembled on its database and outbox: the policies
 * (the configured one, then those applied over the uplink, each from its effective date) and the
 * trust file in use (the last one applied over the uplink, else the configured one), and the
 * {@link FleetAgent} once the uplink is there. Updates are verified with the keys in
 * {@code <data>/trust/}: {@value #ROOT_FILE} (the provisioning root) and {@value #UPDATE_KEY_FILE}
 * (an update key the centre signs with), whichever are present.
 */
public final class FleetService implements AutoCloseable {
    /** The provisioning root public key, relative to the data folder. */
    public static final String ROOT_FILE = "trust/provisioning-root.pub.pem";
    /** An update key the device trusts, relative to the data folder. */
    public static final String UPDATE_KEY_FILE = "trust/update-key.pub.pem";
    /** The provisioned voucher trust file, relative to the data folder (see provisioning's BundleVerifier). */
    public static final String PROVISIONED_TRUST_FILE = "current/voucher-trust.json";
    /** How often the agent looks at the connection, and catches up regardless. */
    public static final Duration WATCH = Duration.ofSeconds(1);
    public static final Duration PERIOD = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(FleetService.class);

    /** Who this terminal is. */
    public record Identity(String deviceId, String admdvs, String fixmedinsCode) {
    }

    private final FleetStore store;
    private final PolicyInUse policies;
    private final TrustInUse trust;
    private final UpdateApplier applier;
    private final FleetMessages messages;
    private final UnverifiedUpdates unverified;
    private final UpdatesInHand inHand;
    private final UpdateVerifier verifier;
    private final Identity identity;
    private final Clock clock;
    private final AtomicReference<FleetAgent> agent = new AtomicReference<>();
    private final AtomicReference<CentreChannel> channel = new AtomicReference<>();
    private final AtomicReference<ScheduledExecutorService> trustWatch = new AtomicReference<>();

    private FleetService(FleetStore store, PolicyInUse policies, TrustInUse trust, UpdateApplier applier, FleetMessages messages,
                         UnverifiedUpdates unverified, UpdatesInHand inHand, UpdateVerifier verifier, Identity identity, Clock clock) {
        this.store = store;
        this.policies = policies;
        this.trust = trust;
        this.applier = applier;
        this.messages = messages;
        this.unverified = unverified;
        this.inHand = inHand;
        this.verifier = verifier;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * Opens the fleet record in the parts' database and chooses the policies (the configured one
     * until the date one that came over the uplink takes effect) and the trust file in use.
     */
    public static FleetService open(FleetParts parts) throws SQLException {
        SqliteDatabase db = parts.db();
        Path dataDir = parts.dataDir();
        Clock clock = parts.clock();
        TrustInUse trust = parts.trust();
        Outbox outbox = parts.outbox();
        Identity identity = parts.identity();
        FleetStore store = FleetStore.open(db);
        PolicyInUse policies = new PolicyInUse(
                policies(Optional.of(parts.configuredPolicy()), store.heldPolicies(), LocalDate.now(clock)).orElseThrow());
        Optional<FleetStore.ContentMark> trustMark = store.mark(StoredTrust.KIND);
        trust.set(initialTrust(store.content(StoredTrust.KIND), dataDir));
        FleetMessages messages = new FleetMessages(outbox, store);
        UnverifiedUpdates unverified = new UnverifiedUpdates(clock);
        UpdatesInHand inHand = new UpdatesInHand(dataDir);
        FleetService[] self = new FleetService[1];
        Path staging = FleetStaging.emptied(dataDir);
        Commands commands = new Commands(identity.deviceId(), store, policies, trust, parts.catalogs(), outbox, messages, unverified, inHand,
                () -> self[0] != null && self[0].online(), () -> self[0] == null ? Optional.empty() : self[0].uplinkMetrics(),
                db.file(), parts.sources(), staging, parts.storage(), clock);
        UpdateApplier applier = new UpdateApplier(store, messages, policies, trust, new StoredTrust(store, trust, trustMark),
                parts.catalogs(), PieceStore.open(db), commands, identity, staging, clock);
        UpdateVerifier verifier = new UpdateVerifier(trustedKeys(dataDir), identity.deviceId(), identity.admdvs());
        self[0] = new FleetService(store, policies, trust, applier, messages, unverified, inHand, verifier, identity, clock);
        return self[0];
    }

    /** Starts receiving and catching up over {@code centre}. */
    public void connect(CentreChannel centre, Duration watch, Duration period) {
        if (trustWatch.get() != null) throw new IllegalStateException("watching the stored trust file without a centre");
        FleetAgent started = new FleetAgent(verifier, applier, store, messages, unverified, inHand, centre, identity.deviceId(),
                identity.admdvs(), identity.fixmedinsCode(), clock);
        if (!agent.compareAndSet(null, started)) throw new IllegalStateException("already connected");
        channel.set(centre);
        started.start(watch, period);
    }

    /**
     * Without a centre there is no agent; this puts a trust file a technician loads with
     * {@code terminal voucher trust} in use all the same, looking at the stored one every
     * {@code watch} on a thread of its own (the only thread that looks, as no update comes).
     */
    public void watchStoredTrustWithoutCentre(Duration watch) {
        if (agent.get() != null) throw new IllegalStateException("the fleet agent looks at the stored trust file");
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("trust-watch").daemon().factory());
        if (!trustWatch.compareAndSet(null, started)) {
            started.shutdown();
            throw new IllegalStateException("already watching");
        }
        started.scheduleWithFixedDelay(applier::followStoredTrust, watch.toMillis(), watch.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Where the uplink hands pushed commands; those that come before {@link #connect} are left to the catch-up. */
    public Consumer<byte[]> inbox() {
        return message -> {
            FleetAgent a = agent.get();
            if (a != null) a.receive(message);
        };
    }

    /** The policies held: the one for a settlement date is read once per settlement. */
    public PolicyInUse policies() {
        return policies;
    }

    /** The voucher trust file in use (for {@code Ybec1Verifier}). */
    public TrustInUse trust() {
        return trust;
    }

    public FleetStore store() {
        return store;
    }

    /** The running agent, once connected. */
    public Optional<FleetAgent> agent() {
        return Optional.ofNullable(agent.get());
    }

    private boolean online() {
        CentreChannel c = channel.get();
        return c != null && c.connected();
    }

    private Optional<UplinkMetrics> uplinkMetrics() {
        CentreChannel c = channel.get();
        return c == null ? Optional.empty() : c.metrics();
    }

    @Override
    public void close() {
        FleetAgent a = agent.getAndSet(null);
        if (a != null) a.close();
        ScheduledExecutorService w = trustWatch.getAndSet(null);
        if (w != null) stopWatching(w);
    }

    private static void stopWatching(ScheduledExecutorService watch) {
        watch.shutdownNow();
        try {
            if (!watch.awaitTermination(5, TimeUnit.SECONDS)) LOG.warn("fleet: the trust watch did not stop within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The configured policy, then every policy from the centre still held ({@code held}, in the
     * order they were applied, oldest effective date first): each wins from its own date on, so a
     * policy that came ahead of its date leaves the one in force (from the centre, else the
     * configured one) in use until then, across restarts. Empty only without either.
     */
    static Optional<PolicyTimeline> policies(Optional<Policy> configured, List<FleetStore.Content> held, LocalDate today) {
        PolicyTimeline timeline = configured.map(PolicyTimeline::of).orElse(null);
        for (FleetStore.Content policy : held) {
            try {
                Policy p = PolicyLoader.parse(new String(policy.body(), java.nio.charset.StandardCharsets.UTF_8), policy.updateId());
                timeline = timeline == null ? PolicyTimeline.of(p) : timeline.with(p, today);
            } catch (RefusedException e) {
                LOG.warn("fleet: policy of {} no longer loads ({}); left out", policy.updateId(), e.refusal().errMsg());
            }
        }
        return Optional.ofNullable(timeline);
    }

    /** The trust file from the centre ({@code fromCentre}) if it loads, else the provisioned one, else none. */
    static TrustInUse.Trust initialTrust(Optional<FleetStore.Content> fromCentre, Path dataDir) {
        List<byte[]> candidates = new ArrayList<>();
        fromCentre.ifPresent(c -> candidates.add(c.body()));
        Path provisioned = dataDir.resolve(PROVISIONED_TRUST_FILE);
        if (Files.isRegularFile(provisioned)) {
            try {
                candidates.add(Files.readAllBytes(provisioned));
            } catch (IOException e) {
                LOG.warn("fleet: {} unreadable: {}", provisioned, e.toString());
            }
        }
        for (byte[] json : candidates) {
            try {
                return new TrustInUse.Trust(TrustFileReader.parse(json), json);
            } catch (RefusedException e) {
                LOG.warn("fleet: a trust file does not load ({}); trying the next", e.refusal().errMsg());
            }
        }
        return TrustInUse.empty().trust();
    }

    private static List<PublicKey> trustedKeys(Path dataDir) {
        List<PublicKey> keys = new ArrayList<>();
        for (String name : new String[] {ROOT_FILE, UPDATE_KEY_FILE}) {
            Path file = dataDir.resolve(name);
            if (!Files.isRegularFile(file)) continue;
            try {
                keys.add(Pem.publicKey(Files.readString(file)));
            } catch (IOException e) {
                LOG.warn("fleet: {} is not a public key: {}", file, e.toString());
            }
        }
        // INFO, not WARN: provisioning always writes the root key, so only an unprovisioned
        // terminal (the demo, a hand-written run file) gets here, and for it updates are simply off
        if (keys.isEmpty()) LOG.info("fleet: updates off: no update key in {}/trust (provisioning writes one); every update will be refused", dataDir);
        return keys;
    }
}
