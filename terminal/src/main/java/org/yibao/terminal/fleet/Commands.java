package org.yibao.terminal.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.yibao.outbox.Lane;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.uplink.UplinkMetrics;
import org.yibao.provisioning.diagnostics.DiagnosticsBundle;
import org.yibao.provisioning.diagnostics.DiagnosticsExport;
import org.yibao.provisioning.selftest.Check;
import org.yibao.provisioning.selftest.ClockCheck;
import org.yibao.provisioning.selftest.DatabaseCheck;
import org.yibao.provisioning.selftest.DeviceChecks;
import org.yibao.provisioning.selftest.DiskSpaceCheck;
import org.yibao.provisioning.selftest.SelfTest;
import org.yibao.provisioning.selftest.SelftestReport;
import org.yibao.terminal.app.AppVersion;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.catalog.CatalogReason;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.ImportRecord;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.storage.StorageWatch;

/**
 * The centre's commands and the reports they produce (sent through the outbox's control lane in
 * the same transaction that records the command): {@code status} (versions in use, update
 * sequences, backlog, results waiting for room in the control lane, updates refused as not from
 * the centre, online, the data disk's free space against its low-water mark), {@code selftest} (the devices the service holds, checked without
 * disturbing the counter - no test page is printed - then database integrity, free disk, clock)
 * and {@code diagnostics} (the status, and the zip {@code terminal diagnostics export} makes, with the
 * same entries: logs, the run file and the provisioned configuration in force ({@link CommandSources#config}),
 * versions, backlog, and the self-test above; base64 in {@code zip_base64}: every entry passes its secret
 * removal and personal-data masking).
 * The zip is kept to {@link #zipLimit} bytes by keeping only the newest log lines (the report's
 * {@code zip_status} is {@code TRIMMED} and the zip's {@code trimmed.txt} says what was cut); a
 * zip too large even without logs is sent as {@code REFUSED} with 1951 and no zip, and the
 * command's result is REFUSED with the same code.
 */
final class Commands {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The clock check's lower bound (a box whose RTC battery died boots in 1970). */
    private static final LocalDate NOT_BEFORE = LocalDate.of(2026, 1, 1);

    /** Room left in an outbox payload for the report's other fields around the base64 zip. */
    static final int REPORT_OVERHEAD = 16 << 10;
    /** The most a diagnostics zip may be, whatever the outbox allows (160 KiB). */
    static final int MAX_ZIP_BYTES = 160 << 10;

    /** A report of type {@code type} whose body names the command's update id. */
    record Report(String type, Body body) {
        Output body(String updateId) throws SQLException {
            return body.write(updateId);
        }
    }

    /** A report's bytes, and the refusal the command is answered with when it could not do its work. */
    record Output(byte[] body, Optional<Refusal> refusal) {
        static Output of(ObjectNode node) {
            return new Output(bytes(node), Optional.empty());
        }
    }

    @FunctionalInterface
    interface Body {
        Output write(String updateId) throws SQLException;
    }

    private final String deviceId;
    private final FleetStore store;
    private final PolicyInUse policies;
    private final TrustInUse trust;
    private final Optional<CatalogStore> catalogs;
    private final Outbox outbox;
    private final BooleanSupplier online;
    private final Supplier<Optional<UplinkMetrics>> uplink;
    private final Path databaseFile;
    private final CommandSources sources;
    private final DiagnosticsUpload upload;
    private final Clock clock;
    /** For the status report: the messages waiting for room in the control lane, and the updates not from the centre. */
    private final FleetMessages messages;
    private final UnverifiedUpdates unverified;
    private final UpdatesInHand inHand;
    private final StorageWatch storage;

    Commands(String deviceId, FleetStore store, PolicyInUse policies, TrustInUse trust, Optional<CatalogStore> catalogs,
             Outbox outbox, FleetMessages messages, UnverifiedUpdates unverified, UpdatesInHand inHand, BooleanSupplier online,
             Supplier<Optional<UplinkMetrics>> uplink, Path databaseFile, CommandSources sources, Path workDir, StorageWatch storage,
             Clock clock) {
        this.deviceId = deviceId;
        this.store = store;
        this.policies = policies;
        this.trust = trust;
        this.catalogs = catalogs;
        this.outbox = outbox;
        this.messages = messages;
        this.unverified = unverified;
        this.inHand = inHand;
        this.online = online;
        this.uplink = uplink;
        this.databaseFile = databaseFile;
        this.sources = sources;
        this.upload = new DiagnosticsUpload(workDir);
        this.storage = storage;
        this.clock = clock;
    }

    /** The report {@code command} produces, or empty for an unknown command. */
    Optional<Report> run(String command) {
        return switch (command) {
            case "status" -> Optional.of(new Report("fleet.status", id -> Output.of(status(id))));
            case "selftest" -> Optional.of(new Report("fleet.selftest", id -> Output.of(selftest(id))));
            case "diagnostics" -> Optional.of(new Report("fleet.diagnostics", this::diagnostics));
            default -> Optional.empty();
        };
    }

    /** The largest zip that fits one outbox payload as base64 beside the report's other fields. */
    int zipLimit() {
        return Math.min(MAX_ZIP_BYTES, Math.max(0, outbox.policy().maxPayloadBytes() - REPORT_OVERHEAD) / 4 * 3);
    }

    private Output diagnostics(String updateId) throws SQLException {
        ObjectNode d = status(updateId);
        DiagnosticsBundle bundle = new DiagnosticsBundle(sources.logDir(), sources.config(), versions(d), databaseFile,
                selftestReport().json());
        int limit = zipLimit();
        d.put("zip_limit_bytes", limit);
        DiagnosticsUpload.Result made;
        try {
            made = upload.make(bundle, limit);
        } catch (IOException e) {
            throw new UncheckedIOException("fleet: diagnostics zip not made", e);
        }
        return switch (made) {
            case DiagnosticsUpload.Result.Zip zip -> {
                d.put("zip_status", zip.trimmed() ? "TRIMMED" : "COMPLETE");
                if (zip.trimmed()) {
                    d.put("trimmed", "只保留每个日志文件最新的 " + zip.logBudget() + " 字节（整行），详见压缩包内 "
                            + DiagnosticsExport.TRIMMED_ENTRY);
                }
                d.put("zip_bytes", zip.bytes().length);
                zip.entries().forEach(d.putArray("zip_entries")::add);
                d.put("zip_base64", Base64.getEncoder().encodeToString(zip.bytes()));
                yield Output.of(d);
            }
            case DiagnosticsUpload.Result.TooLarge big -> {
                Refusal refusal = new Refusal(FleetReason.DIAGNOSTICS_TOO_LARGE,
                        "不含日志仍有 " + big.smallestBytes() + " 字节，上限 " + big.limit() + " 字节");
                d.put("zip_status", "REFUSED").put("term_errcode", refusal.reason().code()).put("reason", refusal.errMsg());
                yield new Output(bytes(d), Optional.of(refusal));
            }
        };
    }

    /**
     * The zip's {@code versions.json} from the status report, as {@link VersionsInUse} writes it
     * for {@code terminal diagnostics export}: a catalogue or code map not imported is {@code ""}
     * with {@code <name>_reason} (the running service always has a policy and a trust file, "none"
     * when there is none).
     */
    static Map<String, String> versions(ObjectNode status) {
        Map<String, String> v = new TreeMap<>();
        v.put("app", AppVersion.current());
        v.put("policy", status.path("policy_version").asText(""));
        v.put("trust", status.path("trust_version").asText(""));
        VersionsInUse.put(v, "catalog", version(status, "catalog_version"), CatalogReason.NOT_IMPORTED.message());
        VersionsInUse.put(v, "codemap", version(status, "codemap_version"), CatalogReason.CODEMAP_NOT_IMPORTED.message());
        return v;
    }

    private static Optional<String> version(ObjectNode status, String field) {
        return Optional.of(status.path(field).asText("")).filter(s -> !s.isEmpty());
    }

    /** The status report (also what {@code status} sends). */
    ObjectNode status(String updateId) throws SQLException {
        ObjectNode s = header(updateId);
        s.put("online", online.getAsBoolean());
        LocalDate today = LocalDate.now(clock);
        s.put("policy_version", policies.on(today).version());
        ArrayNode pending = s.putArray("policy_pending");
        policies.timeline().pendingAfter(today).forEach(p -> pending.addObject()
                .put("version", p.version()).put("effective", p.effective().toString()));
        s.put("trust_version", trust.get().version());
        s.put("catalog_version", catalogs.isPresent() ? catalogs.get().currentCatalog().map(ImportRecord::version).orElse("") : "");
        s.put("codemap_version", catalogs.isPresent() ? catalogs.get().currentCodeMap().map(ImportRecord::version).orElse("") : "");
        ObjectNode streams = s.putObject("update_streams");
        store.lastSeqs().forEach(streams::put);
        ObjectNode backlog = s.putObject("backlog");
        for (Lane lane : Lane.values()) {
            backlog.put(lane.name().toLowerCase(java.util.Locale.ROOT), outbox.stats(lane).count());
        }
        s.put("results_waiting", messages.waitingCount());
        s.put("unverified_updates_refused", unverified.total());
        s.put("updates_set_aside", inHand.setAsideCount());
        uplink.get().ifPresent(m -> uplink(s.putObject("uplink"), m));
        storage.reading().ifPresent(r -> s.putObject("disk")
                .put("free_bytes", r.freeBytes()).put("low_water_bytes", r.markBytes()).put("low", r.low()));
        return s;
    }

    /** The uplink's figures beside the backlog: bytes, oldest age, in flight, last ack, whether the centre answers, last error (Beijing time). */
    private static void uplink(ObjectNode u, UplinkMetrics m) {
        u.put("backlog_bytes", m.backlogBytes());
        u.put("oldest_pending_s", m.oldestPending().toSeconds());
        u.put("in_flight", m.inFlight());
        u.put("last_ack_at", BeijingTime.text(m.lastAckAt()));
        u.put("centre_answering", m.centreAnswering());
        u.put("centre_silent_since", BeijingTime.text(m.centreSilentSince()));
        u.put("last_error", m.lastError() == null ? "" : m.lastError());
        u.put("last_error_at", BeijingTime.text(m.lastErrorAt()));
        u.put("connections", m.reconnects());
        u.put("throttled", m.throttled());
    }

    private ObjectNode selftest(String updateId) {
        ObjectNode s = header(updateId);
        s.put("note", DeviceChecks.NO_TEST_PAGE + "；" + DeviceChecks.NO_SIGNAL_CYCLE + "；需要现场人员的检查未做");
        try {
            s.set("selftest", JSON.readTree(selftestReport().json()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return s;
    }

    /** The devices the service holds (status only), then the database, free disk and the clock; never interactive. */
    private SelftestReport selftestReport() {
        List<Check> checks = new ArrayList<>(DeviceChecks.whileServing(sources.devices()));
        checks.add(new DatabaseCheck(databaseFile));
        checks.add(new DiskSpaceCheck(databaseFile.toAbsolutePath().getParent(), DiskSpaceCheck.DEFAULT_MIN_FREE));
        checks.add(new ClockCheck(clock, NOT_BEFORE));
        return SelfTest.run(checks, false, clock);
    }

    private ObjectNode header(String updateId) {
        ObjectNode s = JSON.createObjectNode();
        s.put("update_id", updateId).put("device", deviceId).put("at", clock.millis());
        return s;
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
