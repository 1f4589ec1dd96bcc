package org.yibao.terminal.fleet;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.storage.StorageWatch;

/**
 * What {@link FleetService#open} assembles the fleet service on: the terminal's database and data
 * folder, the configured policy, the catalogue store (none in a terminal that prices nothing), the
 * outbox, who the terminal is, the holder of the trust file in use (the voucher verifier may
 * already hold it), what the centre's {@code selftest} and {@code diagnostics} commands look at,
 * the watch whose reading {@code fleet.status} reports as {@code disk}, and the clock.
 */
public record FleetParts(SqliteDatabase db, Path dataDir, Policy configuredPolicy, Optional<CatalogStore> catalogs, Outbox outbox,
                         FleetService.Identity identity, TrustInUse trust, CommandSources sources, StorageWatch storage,
                         Clock clock) {

    public FleetParts {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(configuredPolicy, "configuredPolicy");
        Objects.requireNonNull(catalogs, "catalogs");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clock, "clock");
    }

    /** The parts with a trust holder of their own, and the command sources and storage watch of {@code dataDir}. */
    public static FleetParts of(SqliteDatabase db, Path dataDir, Policy configuredPolicy, Optional<CatalogStore> catalogs,
                                Outbox outbox, FleetService.Identity identity, Clock clock) {
        return new FleetParts(db, dataDir, configuredPolicy, catalogs, outbox, identity, TrustInUse.empty(),
                CommandSources.of(dataDir), StorageWatch.of(dataDir, clock), clock);
    }

    /** With {@code trust}: the holder the fleet service loads the trust file in use into. */
    public FleetParts withTrust(TrustInUse trust) {
        return new FleetParts(db, dataDir, configuredPolicy, catalogs, outbox, identity, trust, sources, storage, clock);
    }

    /** With {@code sources}: what the centre's {@code selftest} and {@code diagnostics} commands look at. */
    public FleetParts withSources(CommandSources sources) {
        return new FleetParts(db, dataDir, configuredPolicy, catalogs, outbox, identity, trust, sources, storage, clock);
    }

    /** With {@code storage}: the watch the terminal reads once a minute, so status and sign-in tell the same reading. */
    public FleetParts withStorage(StorageWatch storage) {
        return new FleetParts(db, dataDir, configuredPolicy, catalogs, outbox, identity, trust, sources, storage, clock);
    }
}
