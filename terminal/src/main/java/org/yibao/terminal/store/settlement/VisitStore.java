package org.yibao.terminal.store.settlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * Clinic visits (2201 挂号) and their uploaded fee lines (2204), in the terminal database.
 * Writes run on the caller's transaction, with the msgid answer.
 */
public final class VisitStore {
    private final SqliteDatabase database;

    private VisitStore(SqliteDatabase database) {
        this.database = database;
    }

    /** The store in {@code database} (its table is created by {@link SettlementStore#open}). */
    public static VisitStore open(SqliteDatabase database) throws SQLException {
        SettlementStore.open(database);
        return new VisitStore(Objects.requireNonNull(database, "database"));
    }

    /** Registers {@code visit} (with its start time) under {@code msgid}, on the caller's transaction. */
    public void insert(Connection tx, ClinicVisit visit, String msgid) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement(
                "INSERT INTO clinic_visit(mdtrt_id, psn_no, insutype, ipt_otp_no, msgid, begntime) VALUES (?,?,?,?,?,?)")) {
            p.setString(1, visit.mdtrtId());
            p.setString(2, visit.psnNo());
            p.setString(3, visit.insutype());
            p.setString(4, visit.iptOtpNo());
            p.setString(5, msgid);
            p.setString(6, visit.begntime());
            p.executeUpdate();
        }
    }

    /** Replaces the visit's fee lines with {@code feesJson}, on the caller's transaction. */
    public void setFees(Connection tx, String mdtrtId, String feesJson) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement("UPDATE clinic_visit SET fees_json = ? WHERE mdtrt_id = ?")) {
            p.setString(1, feesJson);
            p.setString(2, mdtrtId);
            p.executeUpdate();
        }
    }

    /** The visit {@code mdtrtId}, if registered. */
    public Optional<ClinicVisit> find(String mdtrtId) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT mdtrt_id, psn_no, insutype, ipt_otp_no, fees_json, begntime FROM clinic_visit WHERE mdtrt_id = ?")) {
                p.setString(1, mdtrtId);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) return Optional.empty();
                    return Optional.of(new ClinicVisit(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6)));
                }
            }
        });
    }

    /**
     * Whether the visit's fee lines are still {@code feesJson} (as a 2204 or a 2207 read them).
     * Inside a transaction on this thread it sees that transaction's writes.
     */
    public boolean feesUnchanged(String mdtrtId, String feesJson) throws SQLException {
        return find(mdtrtId).map(ClinicVisit::feesJson).filter(feesJson::equals).isPresent();
    }

    /** Whether the visit has a settlement that is not reversed. */
    public boolean hasLiveSettlement(String mdtrtId) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT 1 FROM settlement WHERE mdtrt_id = ? AND state = 'SETTLED' LIMIT 1")) {
                p.setString(1, mdtrtId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next();
                }
            }
        });
    }
}
