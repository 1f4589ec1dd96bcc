package org.yibao.terminal.app;

import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.uplink.Backoff;
import org.yibao.outbox.uplink.FullJitterBackoff;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.outbox.uplink.UplinkConfig;
import org.yibao.outbox.wire.Topics;
import org.yibao.terminal.api.http.ApiTls;
import org.yibao.terminal.api.http.HttpServerConfig;
import org.yibao.terminal.api.http.LocalApi;
import org.yibao.terminal.api.http.TerminalHttpServer;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.SqlCatalog;
import org.yibao.terminal.catalog.SqlCodeMap;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicyWarnings;
import org.yibao.terminal.domain.policy.PoolingArea;
import org.yibao.terminal.flow.CentreLink;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.flow.TerminalFlows;
import org.yibao.terminal.flow.UplinkCentreLink;
import org.yibao.terminal.fleet.CommandSources;
import org.yibao.terminal.fleet.FleetChannels;
import org.yibao.terminal.fleet.FleetParts;
import org.yibao.terminal.fleet.FleetService;
import org.yibao.terminal.fleet.TrustInUse;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.PasswordHasher;
import org.yibao.terminal.policy.PolicyLoader;
import org.yibao.terminal.provision.ServiceUplinkConfig;
import org.yibao.terminal.storage.StorageWatch;
import org.yibao.terminal.store.person.PersonCacheRetention;
import org.yibao.terminal.store.receipt.ReceiptPurge;

/**
 * The terminal service, started in order and stopped in reverse: the database (integrity check
 * at open), the policy, the catalogue and 对照 map (imported from the configured files when the
 * database has none yet), the local API, the outbox (with the configured backlog limits) and its
 * uplink, the flows (with the configured kiosk limits and mode), and last the HTTP server (on the
 * configured address, requiring the configured key). {@link #close()} stops taking requests
 * first, then the uplink (which publishes its "offline" status), the devices (to their safe
 * state), and closes the database last, so no request is half-served and no write is cut.
 * Fleet updates ({@link FleetService}) arrive on the uplink's command topics; the policy in use
 * is read once per settlement and the voucher trust file once per verification, so an applied
 * update takes effect between two of them. The data folder's free space is watched
 * ({@link StorageWatch}, read once a minute): low, it is logged, reported in {@code fleet.status}
 * and told to the cashier at sign-in (9001's warn_msg), and nothing is refused for it. Printed
 * receipts older than the configured retention ({@code retention.receipt_days}) are deleted at
 * start and every hour after ({@link ReceiptPurge}, on a thread of its own, in small transactions).
 */
public final class TerminalApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalApp.class);
    /** Resend a claim the centre has not answered after 5 minutes (the uplink's default). */
    public static final Duration FIELD_ACK_TIMEOUT = Duration.ofMinutes(5);
    /** Reconnect backoff in the field: full jitter from 200 ms, capped at 30 s. */
    public static final Backoff FIELD_BACKOFF =
            new FullJitterBackoff(Duration.ofMillis(200), Duration.ofSeconds(30), RandomGenerator.getDefault());

    private final Deque<AutoCloseable> stack;
    private final LocalApi api;
    private final TerminalFlows flows;
    private final Outbox outbox;
    private final Uplink uplink;
    private final TerminalHttpServer http;
    private final FleetService fleet;

    private TerminalApp(Deque<AutoCloseable> stack, LocalApi api, TerminalFlows flows, Outbox outbox, Uplink uplink,
                        TerminalHttpServer http, FleetService fleet) {
        this.fleet = fleet;
        this.stack = stack;
        this.api = api;
        this.flows = flows;
        this.outbox = outbox;
        this.uplink = uplink;
        this.http = http;
    }

    /**
     * Starts the service for {@code config} with {@code devices} (closed by {@link #close()}).
     * On any failure, what was already started is stopped again before the exception leaves.
     */
    public static TerminalApp start(TerminalConfig config, FlowDevices devices, Clock clock) throws IOException, SQLException {
        return start(config, devices, clock, FIELD_BACKOFF, FIELD_ACK_TIMEOUT);
    }

    /** As {@link #start(TerminalConfig, FlowDevices, Clock)}, loading the trust file in use into {@code trust} (see below). */
    public static TerminalApp start(TerminalConfig config, FlowDevices devices, Clock clock, TrustInUse trust)
            throws IOException, SQLException {
        return start(config, devices, clock, FIELD_BACKOFF, FIELD_ACK_TIMEOUT, trust);
    }

    /**
     * As {@link #start(TerminalConfig, FlowDevices, Clock)} with the uplink's reconnect
     * {@code backoff} and {@code ackTimeout} (a claim the broker took but the centre never
     * answered is published again after this long).
     */
    public static TerminalApp start(TerminalConfig config, FlowDevices devices, Clock clock, Backoff backoff,
                                    Duration ackTimeout) throws IOException, SQLException {
        return start(config, devices, clock, backoff, ackTimeout, TrustInUse.empty());
    }

    /**
     * As above, with {@code trust}: the holder the devices' voucher verifier reads (e.g.
     * {@code new Ybec1Verifier(trust, replay, skew)}); the terminal loads the trust file in use
     * into it at start and fleet updates replace it while serving.
     */
    public static TerminalApp start(TerminalConfig config, FlowDevices devices, Clock clock, Backoff backoff,
                                    Duration ackTimeout, TrustInUse trust) throws IOException, SQLException {
        return start(config, devices, clock, backoff, ackTimeout, trust, CommandSources.of(config.dataDir()));
    }

    /** As {@link #start(TerminalConfig, FlowDevices, Clock, TrustInUse)}, with what the centre's commands look at. */
    public static TerminalApp start(TerminalConfig config, FlowDevices devices, Clock clock, TrustInUse trust,
                                    CommandSources sources) throws IOException, SQLException {
        return start(config, devices, clock, FIELD_BACKOFF, FIELD_ACK_TIMEOUT, trust, sources);
    }

    /**
     * As above, with {@code sources}: the data folder, run file and devices the centre's
     * {@code selftest} and {@code diagnostics} commands look at (see {@link FleetService}).
     */
    public static TerminalApp start(TerminalConfig config, FlowDevices devices, Clock clock, Backoff backoff,
                                    Duration ackTimeout, TrustInUse trust, CommandSources sources)
            throws IOException, SQLException {
        Deque<AutoCloseable> stack = new ArrayDeque<>();
        stack.push(devices.printer());
        stack.push(devices.indicators());
        try {
            Policy policy = PolicyLoader.load(config.policy());
            PoolingArea.require(policy, config.institution().admdvs(), String.valueOf(config.policy().getFileName()));
            PolicyWarnings.of(policy).forEach(w -> LOG.warn("policy {}: {}", config.policy().getFileName(), w));
            Optional<UplinkConfig> uplinkConfig = uplinkConfig(config, ackTimeout); // a TLS file refused before anything is written
            stack.push(DataFolderLock.take(config.dataDir())); // one service per folder, before anything in it is written
            SqliteDatabase db = SqliteDatabase.open(config.dataDir().resolve("terminal.db"), clock);
            stack.push(db);
            CatalogStore catalogs = new CatalogStore(db, clock);
            if (config.catalog().isPresent() && catalogs.currentCatalog().isEmpty()) {
                catalogs.importCatalog(config.catalog().get());
            }
            if (config.codeMap().isPresent() && catalogs.currentCodeMap().isEmpty()) {
                catalogs.importCodeMap(config.codeMap().get());
            }
            SqlCatalog catalog = catalogs.catalog();
            stack.push(catalog);
            SqlCodeMap codeMap = catalogs.codeMap();
            stack.push(codeMap);
            StorageWatch storage = StorageWatch.of(config.dataDir(), clock);
            stack.push(watchEveryMinute(storage));
            LocalApi api = LocalApi.assemble(config.institution().fixmedinsCode(), db, new PasswordHasher(), LockoutPolicy.DEFAULT,
                    config.signInExpiry(), clock, storage::cashierNotice);
            Outbox outbox = Outbox.open(db, config.deviceId(), config.outbox(), clock);
            FleetService fleet = FleetService.open(FleetParts.of(db, config.dataDir(), policy, Optional.of(catalogs), outbox,
                    new FleetService.Identity(config.deviceId(), config.institution().admdvs(), config.institution().fixmedinsCode()),
                    clock).withTrust(trust).withSources(sources).withStorage(storage));
            Uplink uplink = null;
            CentreLink centre = CentreLink.NONE;
            if (uplinkConfig.isPresent()) {
                uplink = Uplink.start(outbox, uplinkConfig.get(), clock, backoff, fleet.inbox());
                stack.push(uplink);
                centre = new UplinkCentreLink(uplink);
                fleet.connect(FleetChannels.over(uplink), FleetService.WATCH, FleetService.PERIOD);
            } else {
                fleet.watchStoredTrustWithoutCentre(FleetService.WATCH);
            }
            stack.push(fleet);
            TerminalConfig.Institution inst = config.institution();
            FlowSettings settings = FlowSettings.of(inst.fixmedinsCode(), inst.fixmedinsName(), inst.admdvs(), inst.hospLv(),
                    config.deviceId(), config.kiosk(), config.mode(), clock).withPaper(devices.printer().paper());
            TerminalFlows flows = TerminalFlows.open(db, fleet.policies(), catalog, codeMap, devices, outbox, centre, settings)
                    .registerInto(api.handlers());
            stack.push(flows); // after the API stops: the receipts it queued print before the database closes
            stack.push(purgeHourly(new ReceiptPurge(flows.receipts(), config.receiptRetention(), clock),
                    new PersonDataPurge(new PersonCacheRetention(db), api.replies(), config.personRetention(), clock)));
            TerminalConfig.Api where = config.api();
            warnAboutTransport(where, clock);
            if (where.tls().isPresent()) stack.push(watchCertificateDaily(where.tls().get(), clock));
            TerminalHttpServer http = api.start(HttpServerConfig.loopback(where.port()).bindingTo(where.bind(), where.key().orElse(null))
                    .withTls(where.tls()));
            stack.push(http);
            stack.push(flows::stopWaits); // first: a 1101 waiting for a card is answered before the server stops
            return new TerminalApp(stack, api, flows, outbox, uplink, http, fleet);
        } catch (IOException | SQLException | RuntimeException e) {
            closeAll(stack);
            throw e;
        }
    }

    /**
     * Logs at WARN what the technician should know of the API's transport: plain HTTP on an
     * address other than loopback (passwords and persons' data cross the LAN in clear), and the
     * HTTPS certificate's own warnings (out of its validity, a key file others may read).
     */
    private static void warnAboutTransport(TerminalConfig.Api api, Clock clock) {
        if (api.tls().isEmpty() && !api.bind().isLoopbackAddress()) {
            LOG.warn("local API on {} is plain HTTP: sign-in passwords and persons' data cross the network in clear;"
                    + " configure api_tls (certificate and key) in the run file, or keep the API on 127.0.0.1",
                    api.bind().getHostAddress());
        }
        api.tls().ifPresent(tls -> logCertificate(tls, clock));
    }

    /** The HTTPS certificate's warnings and its renewal reminder at {@code clock}'s now, each at WARN. */
    private static void logCertificate(ApiTls tls, Clock clock) {
        Instant now = clock.instant();
        tls.warnings(now).forEach(warning -> LOG.warn("local API: {}", warning));
        tls.renewalDue(now).ifPresent(due -> LOG.warn("local API: {}", due));
    }

    /**
     * Logs the certificate's warnings once a day on a thread of its own: a service that runs for
     * months sees its certificate come due and end, where hosts would otherwise only start to fail.
     */
    private static AutoCloseable watchCertificateDaily(ApiTls tls, Clock clock) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("api-certificate-watch").daemon().factory());
        long day = Duration.ofDays(1).toMillis();
        timer.scheduleWithFixedDelay(() -> logCertificate(tls, clock), day, day, TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    /** Reads {@code storage} every {@link StorageWatch#EVERY} on a thread of its own, so a crossing is logged with no request; stopped by closing. */
    private static AutoCloseable watchEveryMinute(StorageWatch storage) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("storage-watch").daemon().factory());
        long every = StorageWatch.EVERY.toMillis();
        timer.scheduleWithFixedDelay(storage::reading, 0, every, TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    /**
     * Runs the receipts' and the persons' purges now and every {@link ReceiptPurge#EVERY}, one
     * after the other on a thread of their own; closing stops them between two batches and waits
     * for the batch under way, before the database closes.
     */
    private static AutoCloseable purgeHourly(ReceiptPurge receipts, PersonDataPurge persons) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("retention-purge").daemon().factory());
        timer.scheduleWithFixedDelay(() -> {
            receipts.runLogged();
            persons.runLogged();
        }, 0, ReceiptPurge.EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            timer.shutdownNow();
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) LOG.warn("retention-purge: still deleting after 10 s; closing anyway");
        };
    }

    /** The uplink's settings (its TLS files read and checked) when the centre is an MQTT broker. */
    private static Optional<UplinkConfig> uplinkConfig(TerminalConfig config, Duration ackTimeout) throws IOException {
        if (!(config.centre() instanceof TerminalConfig.Centre.Mqtt(String broker))) return Optional.empty();
        Topics topics = new Topics(config.institution().admdvs(), config.institution().fixmedinsCode(), config.deviceId());
        return Optional.of(ServiceUplinkConfig.of(broker, topics, config.dataDir()).withAckTimeout(ackTimeout));
    }

    /** The local API (operators, handlers). */
    public LocalApi api() {
        return api;
    }

    public TerminalFlows flows() {
        return flows;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Fleet updates: the policy and voucher trust file in use, and what the centre sent. */
    public FleetService fleet() {
        return fleet;
    }

    /** Whether the uplink is connected (false without a centre). */
    public boolean online() {
        return uplink != null && uplink.connected();
    }

    /** Whether the centre answers behind the broker ({@link Uplink#centreAnswering()}; false without a centre). */
    public boolean centreAnswering() {
        return uplink != null && uplink.centreAnswering();
    }

    /** Asks the centre's {@code service} over the uplink; empty without a centre or an answer within {@code timeout}. */
    public Optional<byte[]> ask(String service, byte[] body, Duration timeout) {
        return uplink == null ? Optional.empty() : new UplinkCentreLink(uplink).ask(service, body, timeout);
    }

    /** Messages not yet acknowledged by the centre (both lanes: claims and the control lane's). */
    public long backlog() throws SQLException {
        return claimsWaiting() + outbox.stats(org.yibao.outbox.Lane.CONTROL).count();
    }

    /** Settlement and reversal claims not yet acknowledged by the centre (the messages lane only). */
    public long claimsWaiting() throws SQLException {
        return outbox.stats(org.yibao.outbox.Lane.MESSAGES).count();
    }

    /** Where the POS posts its calls. */
    public URI callServiceUri() {
        return http.callServiceUri();
    }

    @Override
    public void close() {
        closeAll(stack);
    }

    private static void closeAll(Deque<AutoCloseable> stack) {
        while (!stack.isEmpty()) {
            AutoCloseable next = stack.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", next.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
