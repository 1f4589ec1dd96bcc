package org.yibao.terminal.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.yibao.outbox.Lane;
import org.yibao.outbox.Outbox;
import org.yibao.provisioning.diagnostics.BacklogSummary;
import org.yibao.provisioning.selftest.ClockCheck;
import org.yibao.provisioning.selftest.DatabaseCheck;
import org.yibao.provisioning.selftest.DiskSpaceCheck;
import org.yibao.provisioning.selftest.SelfTest;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.ImportRecord;

/**
 * The centre's commands and the reports they produce (sent through the outbox's control lane in
 * the same transaction that records the command): {@code status} (versions in use, update
 * sequences, backlog, online), {@code selftest} (database integrity, free disk, clock) and
 * {@code diagnostics} (status, self-test and the backlog summary). None carries personal data.
 */
final class Commands {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The clock check's lower bound (a box whose RTC battery died boots in 1970). */
    private static final LocalDate NOT_BEFORE = LocalDate.of(2026, 1, 1);

    /** A report of type {@code type} whose body names the command's update id. */
    record Report(String type, Body body) {
        byte[] body(String updateId) throws SQLException {
            return body.write(updateId);
        }
    }

    @FunctionalInterface
    interface Body {
        byte[] write(String updateId) throws SQLException;
    }

    private final String deviceId;
    private final FleetStore store;
    private final PolicyInUse policies;
    private final TrustInUse trust;
    private final Optional<CatalogStore> catalogs;
    private final Outbox outbox;
    private final BooleanSupplier online;
    private final Path databaseFile;
    private final Clock clock;

    Commands(String deviceId, FleetStore store, PolicyInUse policies, TrustInUse trust, Optional<CatalogStore> catalogs,
             Outbox outbox, BooleanSupplier online, Path databaseFile, Clock clock) {
        this.deviceId = deviceId;
        this.store = store;
        this.policies = policies;
        this.trust = trust;
        this.catalogs = catalogs;
        this.outbox = outbox;
        this.online = online;
        this.databaseFile = databaseFile;
        this.clock = clock;
    }

    /** The report {@code command} produces, or empty for an unknown command. */
    Optional<Report> run(String command) {
        return switch (command) {
            case "status" -> Optional.of(new Report("fleet.status", id -> bytes(status(id))));
            case "selftest" -> Optional.of(new Report("fleet.selftest", id -> bytes(selftest(id))));
            case "diagnostics" -> Optional.of(new Report("fleet.diagnostics", id -> {
                ObjectNode d = status(id);
                d.set("selftest", selftest(id).get("selftest"));
                d.set("backlog_summary", JSON.valueToTree(BacklogSummary.read(databaseFile)));
                return bytes(d);
            }));
            default -> Optional.empty();
        };
    }

    /** The status report (also what {@code status} sends). */
    ObjectNode status(String updateId) throws SQLException {
        ObjectNode s = header(updateId);
        s.put("online", online.getAsBoolean());
        s.put("policy_version", policies.get().version());
        s.put("trust_version", trust.get().version());
        s.put("catalog_version", catalogs.isPresent() ? catalogs.get().currentCatalog().map(ImportRecord::version).orElse("") : "");
        s.put("codemap_version", catalogs.isPresent() ? catalogs.get().currentCodeMap().map(ImportRecord::version).orElse("") : "");
        ObjectNode streams = s.putObject("update_streams");
        store.lastSeqs().forEach(streams::put);
        ObjectNode backlog = s.putObject("backlog");
        for (Lane lane : Lane.values()) {
            backlog.put(lane.name().toLowerCase(java.util.Locale.ROOT), outbox.stats(lane).count());
        }
        return s;
    }

    private ObjectNode selftest(String updateId) {
        var report = SelfTest.run(List.of(new DatabaseCheck(databaseFile),
                new DiskSpaceCheck(databaseFile.toAbsolutePath().getParent(), DiskSpaceCheck.DEFAULT_MIN_FREE),
                new ClockCheck(clock, NOT_BEFORE)), false, clock);
        ObjectNode s = header(updateId);
        try {
            s.set("selftest", JSON.readTree(report.json()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return s;
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
