package org.yibao.terminal.centre;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.wire.WireCodec;
import org.yibao.provisioning.rotation.CertificateSigningService;
import org.yibao.provisioning.rotation.RenewalWire;
import org.yibao.provisioning.update.CatchUp;
import org.yibao.provisioning.update.UpdateLedger;

/**
 * The project's REFERENCE centre (a stand-in for the provincial platform, for tests and the
 * demo), assembled: its SQLite store, offline-queue's receiving side (shared subscription,
 * dedup, acks) with the terminal's claims verified before they are stored ({@link ClaimVerification}), the answers to person queries and reconciliation totals, and the catch-up
 * answers of fleet updates ({@link UpdateLedger}), and certificate renewals when given a CA
 * ({@link CertificateSigningService}). {@link #close()}
 * disconnects first, then closes the database, so nothing is acked that was not stored.
 */
public final class ReferenceCentreService implements AutoCloseable {
    private static final byte[] NO_CA = WireCodec.encode(Map.of("error",
            "参考中心未配置证书颁发机构（terminal center --ca-cert FILE --ca-key FILE），不能签发证书"));

    private final SqliteDatabase db;
    private final ReferenceCentre centre;
    private final PersonDirectory persons;
    private final UpdateLedger updates;

    private ReferenceCentreService(SqliteDatabase db, ReferenceCentre centre, PersonDirectory persons, UpdateLedger updates) {
        this.updates = updates;
        this.db = db;
        this.centre = centre;
        this.persons = persons;
    }

    /** As {@link #start(String, Path, PersonDirectory, String, Clock, Optional)} without a CA: renewals are refused. */
    public static ReferenceCentreService start(String brokerUri, Path dbFile, PersonDirectory persons, String instanceId,
                                               Clock clock) throws SQLException, MqttException {
        return start(brokerUri, dbFile, persons, instanceId, clock, Optional.empty());
    }

    /**
     * Opens {@code dbFile}, connects to {@code brokerUri} as instance {@code instanceId} and starts
     * answering; certificate renewals with {@code signing} (which refuses a CSR in another
     * device's name), or, without it, with an error saying this centre has no CA.
     */
    public static ReferenceCentreService start(String brokerUri, Path dbFile, PersonDirectory persons, String instanceId,
                                               Clock clock, Optional<CertificateSigningService> signing) throws SQLException, MqttException {
        Objects.requireNonNull(persons, "persons");
        SqliteDatabase db = SqliteDatabase.open(dbFile, clock);
        try {
            ClaimStore store = ClaimStore.open(db);
            UpdateLedger updates = UpdateLedger.open(db, clock); // before connecting: a failure here leaves no centre connected
            ReferenceCentre centre = ReferenceCentre.start(CentreConfig.of(brokerUri, instanceId), store, new ClaimVerification(), clock);
            ReconcileAnswers reconcile = new ReconcileAnswers(new AcceptedClaims(db));
            centre.handle(CentreServices.PERSON, new PersonAnswers(persons, db)::answer);
            centre.handleFromDevice(CentreServices.RECONCILE, reconcile::answer);
            centre.handleFromDevice(CatchUp.SERVICE, updates::answer);
            centre.handleFromDevice(RenewalWire.SERVICE, (device, body) -> signing.isPresent()
                    ? signing.get().answer(device.deviceId(), body) : NO_CA);
            return new ReferenceCentreService(db, centre, persons, updates);
        } catch (SQLException | MqttException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The store (for rejection rules in tests and demos). */
    public ClaimStore store() {
        return centre.store();
    }

    /** The counters over the store. */
    public CentreStats stats() throws SQLException {
        return CentreStats.of(centre.store().all());
    }

    /** The fleet updates this centre stores, serves to catching-up devices, and their results. */
    public UpdateLedger updates() {
        return updates;
    }

    /** The seeded persons. */
    public PersonDirectory persons() {
        return persons;
    }

    @Override
    public void close() {
        try {
            centre.close();
        } finally {
            db.close();
        }
    }
}
