package org.yibao.terminal.store.settlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.settlement.AccumulatorDelta;
import org.yibao.terminal.domain.settlement.LineSplit;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.SettlementTotals;
import org.yibao.terminal.store.CompressedText;

/**
 * Settlements and their lines in the terminal database.
 *
 * <p>Promises: writes happen only on the caller's open transaction (the settlement, its lines,
 * the accumulators, the balance, the msgid answer and the outbox claim commit together);
 * setl_ids are {@code <deviceId>-S<seq>} with a sequence advanced in that same transaction, so
 * they are unique across the fleet; a settlement is reversed at most once ({@link #markReversed}
 * changes only a SETTLED row); nothing is ever deleted.
 */
public final class SettlementStore {
    private static final String COLUMNS = """
            setl_id, mdtrt_id, msgid, infno, psn_no, insutype, med_type, clr_type, setl_time, medfee_sumamt,
            fund_pay_sumamt, hifp_pay, acct_pay, psn_cash_pay, accu_group, accu_year, d_dedc_used, d_fund_paid,
            d_inscp_over_dedc, offline, state, claim_id, reversal_claim_id, output_json""";

    private final SqliteDatabase database;

    private SettlementStore(SqliteDatabase database) {
        this.database = database;
    }

    /** The store in {@code database}, creating its tables when missing. */
    public static SettlementStore open(SqliteDatabase database) throws SQLException {
        Objects.requireNonNull(database, "database");
        database.inTransaction(c -> {
            SettlementSchema.create(c);
            return null;
        });
        return new SettlementStore(database);
    }

    /**
     * The next value of the persisted sequence {@code name} (1, 2, ...); advances it in the
     * caller's transaction, so a rolled-back settlement does not use up a number.
     */
    public long nextSeq(Connection tx, String name) throws SQLException {
        requireTransaction();
        try (PreparedStatement next = tx.prepareStatement("""
                INSERT INTO setl_sequence(device_id, next_seq) VALUES (?, 2)
                ON CONFLICT(device_id) DO UPDATE SET next_seq = next_seq + 1
                RETURNING next_seq - 1""")) {
            next.setString(1, name);
            try (ResultSet r = next.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * Numbers {@code deviceId}'s setl_ids and clinic mdtrt_ids from {@code first} where this
     * database has numbered none yet (see {@code Outbox.numberFrom}: a database replacing another
     * would hand out the old one's setl_ids again).
     */
    public void numberFrom(String deviceId, long first) throws SQLException {
        if (first < 1) throw new IllegalArgumentException("first must be positive: " + first);
        database.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO setl_sequence(device_id, next_seq) VALUES (?, ?)")) {
                for (String name : List.of(deviceId, deviceId + ":mdtrt")) {
                    p.setString(1, name);
                    p.setLong(2, first);
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The next fleet-unique setl_id of {@code deviceId}: {@code <deviceId>-S<seq>}, in the caller's transaction. */
    public String nextSetlId(Connection tx, String deviceId) throws SQLException {
        return deviceId + "-S" + String.format("%08d", nextSeq(tx, deviceId));
    }

    /** The next fleet-unique clinic mdtrt_id of {@code deviceId}: {@code <deviceId>-M<seq>}, in the caller's transaction. */
    public String nextMdtrtId(Connection tx, String deviceId) throws SQLException {
        return deviceId + "-M" + String.format("%08d", nextSeq(tx, deviceId + ":mdtrt"));
    }

    /** Writes {@code s} and its lines on the caller's transaction. */
    public void insert(Connection tx, NewSettlement s) throws SQLException {
        requireTransaction();
        Settlement st = s.settlement();
        SettlementTotals t = st.totals();
        AccumulatorDelta d = st.delta();
        try (PreparedStatement p = tx.prepareStatement("""
                INSERT INTO settlement(setl_id, mdtrt_id, msgid, infno, psn_no, insutype, psn_type, med_type, clr_type,
                  dise_codg, opter_type, setl_time, setl_date, medfee_sumamt, fund_pay_sumamt, hifp_pay, acct_pay,
                  psn_cash_pay, accu_group, accu_year, d_dedc_used, d_fund_paid, d_inscp_over_dedc, rule_id,
                  policy_ver, catalog_ver, codemap_ver, offline, state, claim_id, output_json)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'SETTLED',?,?)""")) {
            int i = 0;
            p.setString(++i, s.setlId());
            p.setString(++i, s.mdtrtId());
            p.setString(++i, s.msgid());
            p.setString(++i, s.infno());
            p.setString(++i, s.psnNo());
            p.setString(++i, st.insutype());
            p.setString(++i, st.psnType());
            p.setString(++i, st.medType());
            p.setString(++i, s.clrType());
            p.setString(++i, st.diseCodg());
            p.setString(++i, s.opterType());
            p.setString(++i, s.setlTime().toString());
            p.setString(++i, s.setlTime().toLocalDate().toString());
            p.setLong(++i, t.medfeeSumamt());
            p.setLong(++i, t.fundPaySumamt());
            p.setLong(++i, t.hifpPay());
            p.setLong(++i, t.acctPay());
            p.setLong(++i, t.psnCashPay());
            p.setString(++i, d.group());
            p.setInt(++i, d.year());
            p.setLong(++i, d.dedcUsed());
            p.setLong(++i, d.fundPaid());
            p.setLong(++i, d.inscpOverDedc());
            p.setString(++i, st.ruleId());
            p.setString(++i, st.versions().policy());
            p.setString(++i, st.versions().catalogue());
            p.setString(++i, st.versions().codeMap());
            p.setInt(++i, s.offline() ? 1 : 0);
            p.setString(++i, s.claimId());
            CompressedText.bind(p, ++i, s.outputJson());
            p.executeUpdate();
        }
        insertLines(tx, s.setlId(), st.lines());
    }

    private static void insertLines(Connection tx, String setlId, List<LineSplit> lines) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement(
                "INSERT INTO settlement_line VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (LineSplit l : lines) {
                p.setString(1, setlId);
                p.setString(2, l.line().feedetlSn());
                p.setString(3, l.nationalCode());
                p.setString(4, l.line().medinsListCodg());
                p.setLong(5, l.line().amount());
                p.setString(6, l.line().pric().toPlainString());
                p.setString(7, l.line().cnt().toPlainString());
                p.setLong(8, l.fulamtOwnpay());
                p.setLong(9, l.overlmt());
                p.setLong(10, l.preselfpay());
                p.setLong(11, l.inscp());
                p.setString(12, l.entry().map(e -> e.level().code()).orElse(ChargeLevel.C.code()));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * Marks {@code setlId} reversed by {@code msgid} at {@code time} with the reversal claim
     * {@code claimId}; false (nothing changed) when it is not SETTLED.
     */
    public boolean markReversed(Connection tx, String setlId, String msgid, LocalDateTime time, String claimId)
            throws SQLException {
        requireTransaction();
        try (PreparedStatement p = tx.prepareStatement("""
                UPDATE settlement SET state = 'REVERSED', reversal_msgid = ?, reversal_time = ?, reversal_claim_id = ?
                WHERE setl_id = ? AND state = 'SETTLED'""")) {
            p.setString(1, msgid);
            p.setString(2, time.toString());
            p.setString(3, claimId);
            p.setString(4, setlId);
            return p.executeUpdate() == 1;
        }
    }

    /** The settlement {@code setlId}, if stored. */
    public Optional<StoredSettlement> find(String setlId) throws SQLException {
        return database.read(c -> one(c, "WHERE setl_id = ?", setlId));
    }

    /** The settlement {@code setlId} as seen inside the caller's transaction. */
    public Optional<StoredSettlement> find(Connection tx, String setlId) throws SQLException {
        return one(tx, "WHERE setl_id = ?", setlId);
    }

    /** The lines of settlement {@code setlId} as stored, in their feedetl_sn order, as seen inside the caller's transaction. */
    public List<StoredLine> lines(Connection tx, String setlId) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement("""
                SELECT med_list_codg, medins_list_codg, cnt, amount, chrgitm_lv FROM settlement_line
                WHERE setl_id = ? ORDER BY rowid""")) {
            p.setString(1, setlId);
            List<StoredLine> lines = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    lines.add(new StoredLine(r.getString(1), r.getString(2), new java.math.BigDecimal(r.getString(3)),
                            r.getLong(4), StoredLine.level(r.getString(5))));
                }
            }
            return lines;
        }
    }

    /** Every settlement of {@code psnNo}, oldest first. */
    public List<StoredSettlement> ofPerson(String psnNo) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM settlement WHERE psn_no = ? ORDER BY setl_time, setl_id")) {
                p.setString(1, psnNo);
                return all(p);
            }
        });
    }

    /** Settlements with a setl_date in [from, to], oldest first. */
    public List<StoredSettlement> between(LocalDate from, LocalDate to) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM settlement WHERE setl_date BETWEEN ? AND ? ORDER BY setl_time, setl_id")) {
                p.setString(1, from.toString());
                p.setString(2, to.toString());
                return all(p);
            }
        });
    }

    /** Fund paid (fund_pay_sumamt) by settlements made offline on {@code date} and not reversed. */
    public long offlineFundPaidOn(LocalDate date) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT COALESCE(SUM(fund_pay_sumamt), 0) FROM settlement
                    WHERE setl_date = ? AND offline = 1 AND state = 'SETTLED'""")) {
                p.setString(1, date.toString());
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    private Optional<StoredSettlement> one(Connection c, String where, String arg) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM settlement " + where)) {
            p.setString(1, arg);
            List<StoredSettlement> rows = all(p);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    private static List<StoredSettlement> all(PreparedStatement p) throws SQLException {
        List<StoredSettlement> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) out.add(row(r));
        }
        return out;
    }

    private static StoredSettlement row(ResultSet r) throws SQLException {
        AccumulatorDelta delta = new AccumulatorDelta(r.getString("accu_group"), r.getInt("accu_year"),
                r.getString("insutype"), r.getLong("d_dedc_used"), r.getLong("d_fund_paid"),
                r.getLong("d_inscp_over_dedc"), r.getLong("acct_pay"));
        return new StoredSettlement(r.getString("setl_id"), r.getString("mdtrt_id"), r.getString("msgid"),
                r.getString("infno"), r.getString("psn_no"), r.getString("insutype"), r.getString("med_type"),
                r.getString("clr_type"), LocalDateTime.parse(r.getString("setl_time")), r.getLong("medfee_sumamt"),
                r.getLong("fund_pay_sumamt"), r.getLong("hifp_pay"), r.getLong("acct_pay"), r.getLong("psn_cash_pay"), delta,
                r.getInt("offline") == 1, StoredSettlement.State.valueOf(r.getString("state")),
                r.getString("claim_id"), Optional.ofNullable(r.getString("reversal_claim_id")),
                CompressedText.read(r, "output_json"));
    }

    private void requireTransaction() {
        if (!database.inTransactionOnThisThread()) {
            throw new IllegalStateException("settlement writes must run inside the caller's transaction");
        }
    }
}
