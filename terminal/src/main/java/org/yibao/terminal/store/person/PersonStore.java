package org.yibao.terminal.store.person;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.settlement.AccumulatorDelta;
import org.yibao.terminal.domain.settlement.Accumulators;
import org.yibao.terminal.domain.settlement.PersonSnapshot;

/**
 * The person cache (last 1101 answer per psn_no, findable by certno or card number), the live
 * year-to-date accumulators per person/group/year and the personal account balance per
 * person/insutype, in the terminal database.
 *
 * <p>Promises: {@link #remember} replaces the cached answer and resets accumulators and
 * balances to the centre's figures in one transaction; {@link #apply} and {@link #undo} change
 * accumulators and balance only on the caller's transaction and are exact inverses; a balance
 * never goes below zero (a CHECK refuses it and rolls the whole settlement back).
 */
public final class PersonStore {
    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS person_cache(
          psn_no      TEXT PRIMARY KEY,
          certno      TEXT NOT NULL,
          card_no     TEXT NOT NULL DEFAULT '',
          person_json TEXT NOT NULL,
          synced_at   TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS person_cache_certno ON person_cache(certno)",
        "CREATE INDEX IF NOT EXISTS person_cache_card ON person_cache(card_no) WHERE card_no <> ''",
        """
        CREATE TABLE IF NOT EXISTS accumulator(
          psn_no          TEXT NOT NULL,
          accu_group      TEXT NOT NULL,
          year            INTEGER NOT NULL,
          dedc_used       INTEGER NOT NULL CHECK (dedc_used >= 0),
          fund_paid       INTEGER NOT NULL CHECK (fund_paid >= 0),
          inscp_over_dedc INTEGER NOT NULL CHECK (inscp_over_dedc >= 0),
          PRIMARY KEY (psn_no, accu_group, year))""",
        """
        CREATE TABLE IF NOT EXISTS account_balance(
          psn_no   TEXT NOT NULL,
          insutype TEXT NOT NULL,
          balance  INTEGER NOT NULL CHECK (balance >= 0),
          PRIMARY KEY (psn_no, insutype))""",
        """
        CREATE TABLE IF NOT EXISTS voucher_holder(
          ec_token_sha256 TEXT PRIMARY KEY,
          psn_no          TEXT NOT NULL,
          seen_at_ms      INTEGER NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS centre_contact(
          id      INTEGER PRIMARY KEY CHECK (id = 1),
          last_at TEXT NOT NULL)""",
    };

    /** When a 1101 answered from the cache last identified the person (added 2026-12-07; null before). */
    private static final String ADD_SEEN_AT = "ALTER TABLE person_cache ADD COLUMN seen_at TEXT";

    /** How long a voucher's holder is remembered for a settlement on it (a voucher itself lives minutes). */
    public static final Duration VOUCHER_HOLDER_KEPT = Duration.ofDays(1);

    private final SqliteDatabase database;

    private PersonStore(SqliteDatabase database) {
        this.database = database;
    }

    /** The store in {@code database}, creating its tables when missing. */
    public static PersonStore open(SqliteDatabase database) throws SQLException {
        Objects.requireNonNull(database, "database");
        database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String ddl : DDL) s.execute(ddl);
                if (!hasSeenAt(c)) s.execute(ADD_SEEN_AT);
            }
            return null;
        });
        return new PersonStore(database);
    }

    private static boolean hasSeenAt(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT 1 FROM pragma_table_info('person_cache') WHERE name = 'seen_at'")) {
            return r.next();
        }
    }

    /**
     * Deletes everything this store holds of {@code psnNo} on the caller's transaction: the cached
     * answer, the figures and the voucher holders (the persons' retention).
     */
    public static void forget(Connection tx, String psnNo) throws SQLException {
        for (String table : new String[] {"accumulator", "account_balance", "voucher_holder", "person_cache"}) {
            try (PreparedStatement p = tx.prepareStatement("DELETE FROM " + table + " WHERE psn_no = ?")) {
                p.setString(1, psnNo);
                p.executeUpdate();
            }
        }
    }

    /**
     * Records that a 1101 answered from the cache identified {@code psnNo} at {@code at} (the
     * centre's answers record {@code synced_at}): a person still coming to the counter while the
     * centre is away is not deleted as unseen ({@link PersonCacheRetention}).
     */
    public void seen(String psnNo, Instant at) throws SQLException {
        database.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE person_cache SET seen_at = ? WHERE psn_no = ?")) {
                p.setString(1, at.toString());
                p.setString(2, psnNo);
                return p.executeUpdate();
            }
        });
    }

    /**
     * Caches the centre's answer {@code personJson} for {@code person} (as parsed from it) at
     * {@code syncedAt} and sets the live accumulators and balances to the centre's figures.
     */
    public void remember(PersonSnapshot person, String cardNo, String personJson, Instant syncedAt) throws SQLException {
        remember(person, cardNo, personJson, syncedAt, List.of(), List.of());
    }

    /**
     * As {@link #remember(PersonSnapshot, String, String, Instant)}, then applies the local
     * settlements the centre has not acknowledged yet ({@code unackedSettled}) and takes off the
     * local reversals it has not acknowledged yet ({@code unackedReversed}), so the live figures
     * count every local settlement exactly once.
     */
    public void remember(PersonSnapshot person, String cardNo, String personJson, Instant syncedAt,
                         List<AccumulatorDelta> unackedSettled, List<AccumulatorDelta> unackedReversed)
            throws SQLException {
        database.inTransaction(c -> {
            // A person identified by ID number or voucher keeps the card number an earlier card read gave.
            if (cardNo != null && !cardNo.isEmpty()) cardIsNoLongerAnothers(c, cardNo, person.psnNo());
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO person_cache(psn_no, certno, card_no, person_json, synced_at) VALUES (?,?,?,?,?)
                    ON CONFLICT(psn_no) DO UPDATE SET certno = excluded.certno,
                      card_no = CASE WHEN excluded.card_no <> '' THEN excluded.card_no ELSE person_cache.card_no END,
                      person_json = excluded.person_json, synced_at = excluded.synced_at""")) {
                p.setString(1, person.psnNo());
                p.setString(2, person.certno());
                p.setString(3, cardNo == null ? "" : cardNo);
                p.setString(4, personJson);
                p.setString(5, syncedAt.toString());
                p.executeUpdate();
            }
            resetFigures(c, person);
            // Laid on the centre's figures, which may have moved otherwise meanwhile (the account spent at another
            // pharmacy): what would go below zero is left at zero, the person identified with nothing left. The
            // balance takes the net change once: floored after each settlement, a reversal the centre has not
            // counted yet would pay back on top of a zero a later settlement left, money the account never had.
            Map<String, Long> accountPaid = new LinkedHashMap<>();
            for (AccumulatorDelta d : unackedSettled) {
                change(c, person.psnNo(), d, 1, true, false);
                accountPaid.merge(d.insutype(), d.accountPaid(), Math::addExact);
            }
            for (AccumulatorDelta d : unackedReversed) {
                change(c, person.psnNo(), d, -1, true, false);
                accountPaid.merge(d.insutype(), -d.accountPaid(), Math::addExact);
            }
            for (Map.Entry<String, Long> paid : accountPaid.entrySet()) {
                if (paid.getValue() == 0) continue;
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE account_balance SET balance = MAX(0, balance - ?) WHERE psn_no = ? AND insutype = ?")) {
                    p.setLong(1, paid.getValue());
                    p.setString(2, person.psnNo());
                    p.setString(3, paid.getKey());
                    p.executeUpdate(); // a row the centre no longer sends has nothing to change
                }
            }
            touchCentre(c, syncedAt);
            return null;
        });
    }

    /** Work on the store that must see and change its figures with no settlement committing in between. */
    @FunctionalInterface
    public interface Atomic {
        void run() throws SQLException;
    }

    /** Runs {@code work} in one transaction of the store's database (the store's own calls inside it join it). */
    public void atomically(Atomic work) throws SQLException {
        database.inTransaction(c -> {
            work.run();
            return null;
        });
    }

    /** Reads of the store's figures that must all be of one moment. */
    @FunctionalInterface
    public interface Reading<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} with no transaction committing while it reads (the store's own reads
     * inside it join it): a balance and the accumulators it reads are of the same settlements.
     */
    public <T> T atOneMoment(Reading<T> work) throws SQLException {
        return database.read(c -> work.run());
    }

    /**
     * Keeps {@code personJson}, a person known only from a verified e-voucher while the centre
     * could not be asked, so the settlement that follows finds them: no figures (no balance, no
     * accumulators), no centre contact recorded, and never in place of a person already cached.
     * The centre's answer, when it comes, replaces it through {@link #remember}.
     */
    public void rememberUnconfirmed(PersonSnapshot person, String personJson, Instant at) throws SQLException {
        database.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO person_cache(psn_no, certno, card_no, person_json, synced_at) VALUES (?,?,'',?,?)")) {
                p.setString(1, person.psnNo());
                p.setString(2, person.certno());
                p.setString(3, personJson);
                p.setString(4, at.toString());
                return p.executeUpdate();
            }
        });
    }

    private static void resetFigures(Connection c, PersonSnapshot person) throws SQLException {
        for (String table : new String[] {"accumulator", "account_balance"}) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE psn_no = ?")) {
                p.setString(1, person.psnNo());
                p.executeUpdate();
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO accumulator VALUES (?,?,?,?,?,?)")) {
            for (PersonSnapshot.YearAccumulators a : person.accumulators()) {
                p.setString(1, person.psnNo());
                p.setString(2, a.group());
                p.setInt(3, a.year());
                p.setLong(4, a.values().dedcUsed());
                p.setLong(5, a.values().fundPaid());
                p.setLong(6, a.values().inscpOverDedc());
                p.executeUpdate();
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO account_balance VALUES (?,?,?)")) {
            for (PersonSnapshot.Insurance i : person.insurances()) {
                if (!person.settlesOn(i)) continue; // the row a settlement uses, not the last
                p.setString(1, person.psnNo());
                p.setString(2, i.insutype());
                p.setLong(3, i.balance());
                p.executeUpdate();
            }
        }
    }

    /**
     * Records the terminal's last contact with the centre at {@code at}: a person query the
     * centre answered, or the moment the link to it was lost (the start of any offline period).
     */
    public void touchCentre(Instant at) throws SQLException {
        database.inTransaction(c -> {
            touchCentre(c, at);
            return null;
        });
    }

    private static void touchCentre(Connection c, Instant at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO centre_contact VALUES (1, ?)")) {
            p.setString(1, at.toString());
            p.executeUpdate();
        }
    }

    /** When the centre last answered, if ever. */
    public Optional<Instant> lastCentreContact() throws SQLException {
        return database.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT last_at FROM centre_contact")) {
                return r.next() ? Optional.of(Instant.parse(r.getString(1))) : Optional.empty();
            }
        });
    }

    /** The cached answer for {@code psnNo}. */
    public Optional<CachedPerson> byPsnNo(String psnNo) throws SQLException {
        return cached("psn_no", psnNo, psnNo);
    }

    /** The cached answer for the 社会保障号码 / ID number {@code certno}, its check character X in either case. */
    public Optional<CachedPerson> byCertno(String certno) throws SQLException {
        return cached("certno", certno.toUpperCase(Locale.ROOT), certno.toLowerCase(Locale.ROOT));
    }

    /** The cached answer for the card number {@code cardNo}. */
    public Optional<CachedPerson> byCardNo(String cardNo) throws SQLException {
        return cardNo.isEmpty() ? Optional.empty() : cached("card_no", cardNo, cardNo);
    }

    /**
     * Remembers that the 社会保障卡 numbered {@code cardNo} identified the cached person
     * {@code psnNo} (a 1101 on a card answered from the cache: the centre's answer, when it comes,
     * records the card through {@link #remember} anyway).
     */
    public void rememberCard(String psnNo, String cardNo) throws SQLException {
        if (cardNo.isEmpty()) return;
        database.inTransaction(c -> {
            cardIsNoLongerAnothers(c, cardNo, psnNo);
            try (PreparedStatement p = c.prepareStatement("UPDATE person_cache SET card_no = ? WHERE psn_no = ?")) {
                p.setString(1, cardNo);
                p.setString(2, psnNo);
                return p.executeUpdate();
            }
        });
    }

    /** A card is one person's: the latest identification by it takes it from whoever had it before. */
    private static void cardIsNoLongerAnothers(Connection c, String cardNo, String psnNo) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE person_cache SET card_no = '' WHERE card_no = ? AND psn_no <> ?")) {
            p.setString(1, cardNo);
            p.setString(2, psnNo);
            p.executeUpdate();
        }
    }

    /** The psn_no of the person whose 社会保障卡 number {@code cardNo} is (as a card identification stored it). */
    public Optional<String> holderOfCard(String cardNo) throws SQLException {
        if (cardNo.isEmpty()) return Optional.empty();
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT psn_no FROM person_cache WHERE card_no = ? LIMIT 1")) {
                p.setString(1, cardNo);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Remembers that the 医保电子凭证 whose ecToken is {@code ecToken} identified {@code psnNo}
     * (a 1101 on a voucher), stored as the token's SHA-256 only; rows older than
     * {@link #VOUCHER_HOLDER_KEPT} are dropped on the way (a voucher lives minutes).
     */
    public void rememberVoucher(String ecToken, String psnNo, Instant at) throws SQLException {
        if (ecToken.isEmpty()) return;
        database.inTransaction(c -> {
            try (PreparedStatement prune = c.prepareStatement("DELETE FROM voucher_holder WHERE seen_at_ms < ?");
                 PreparedStatement p = c.prepareStatement("""
                         INSERT INTO voucher_holder VALUES (?,?,?)
                         ON CONFLICT(ec_token_sha256) DO UPDATE SET psn_no = excluded.psn_no, seen_at_ms = excluded.seen_at_ms""")) {
                prune.setLong(1, at.minus(VOUCHER_HOLDER_KEPT).toEpochMilli());
                prune.executeUpdate();
                p.setString(1, sha256(ecToken));
                p.setString(2, psnNo);
                p.setLong(3, at.toEpochMilli());
                p.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The psn_no a 1101 on this terminal identified, within {@link #VOUCHER_HOLDER_KEPT} before
     * {@code now}, by the voucher whose ecToken is {@code ecToken}: an older row is not an answer,
     * whether or not a later voucher's 1101 has pruned it yet.
     */
    public Optional<String> holderOfVoucher(String ecToken, Instant now) throws SQLException {
        if (ecToken.isEmpty()) return Optional.empty();
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT psn_no FROM voucher_holder WHERE ec_token_sha256 = ? AND seen_at_ms >= ?")) {
                p.setString(1, sha256(ecToken));
                p.setLong(2, now.minus(VOUCHER_HOLDER_KEPT).toEpochMilli());
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The row whose {@code column} is {@code value} or {@code alsoValue} (an ID number's X in
     * either case: both looked up through the index); the one the centre answered last when
     * several are (a card or number the centre has since given another psn_no). The times are
     * compared as instants, not as their text: {@code Instant.toString()} leaves out a zero
     * fraction, so "…00Z" sorts above "…00.500Z", half a second later.
     */
    private Optional<CachedPerson> cached(String column, String value, String alsoValue) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT psn_no, person_json, synced_at FROM person_cache WHERE "
                    + column + " IN (?, ?)")) {
                p.setString(1, value);
                p.setString(2, alsoValue);
                Optional<CachedPerson> last = Optional.empty();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        CachedPerson row = new CachedPerson(r.getString(1), r.getString(2), Instant.parse(r.getString(3)));
                        if (last.isEmpty() || row.syncedAt().isAfter(last.get().syncedAt())) last = Optional.of(row);
                    }
                }
                return last;
            }
        });
    }

    /** The live accumulators of {@code psnNo}, every group and year. */
    public List<PersonSnapshot.YearAccumulators> accumulators(String psnNo) throws SQLException {
        return database.read(c -> {
            List<PersonSnapshot.YearAccumulators> rows = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT year, accu_group, dedc_used, fund_paid, inscp_over_dedc FROM accumulator WHERE psn_no = ? ORDER BY year, accu_group")) {
                p.setString(1, psnNo);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows.add(new PersonSnapshot.YearAccumulators(r.getInt(1), r.getString(2),
                                new Accumulators(r.getLong(3), r.getLong(4), r.getLong(5))));
                    }
                }
            }
            return rows;
        });
    }

    /** The live account balance of {@code psnNo} under {@code insutype}; empty when none is known. */
    public OptionalLong balance(String psnNo, String insutype) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT balance FROM account_balance WHERE psn_no = ? AND insutype = ?")) {
                p.setString(1, psnNo);
                p.setString(2, insutype);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    /** Adds a settlement's {@code delta} for {@code psnNo} on the caller's transaction. */
    public void apply(Connection tx, String psnNo, AccumulatorDelta delta) throws SQLException {
        change(tx, psnNo, delta, 1, false, true);
    }

    /**
     * Subtracts what {@link #apply} added (a reversal), on the caller's transaction: exactly, while
     * the local figures hold it. Where the centre's figures have replaced them since, a figure that
     * does not count it yet (the centre's accounts lag its acknowledgement) is floored at zero, and
     * a balance row the centre no longer sends (the person left that insutype) is left alone: the
     * reversal claim settles both at the centre, and the next 1101 brings its figures. Neither may
     * keep a settlement from being reversed.
     */
    public void undo(Connection tx, String psnNo, AccumulatorDelta delta) throws SQLException {
        change(tx, psnNo, delta, -1, true, true);
    }

    /**
     * {@code floorAtZero}: a figure that would go below zero is set to zero (else the CHECK refuses it);
     * {@code account}: the account balance changes too (else only the accumulators).
     */
    private void change(Connection tx, String psnNo, AccumulatorDelta d, int sign, boolean floorAtZero, boolean account)
            throws SQLException {
        if (!database.inTransactionOnThisThread()) {
            throw new IllegalStateException("accumulator changes must run inside the caller's transaction");
        }
        String sql = sign > 0 ? """
                INSERT INTO accumulator VALUES (?,?,?,?,?,?)
                ON CONFLICT(psn_no, accu_group, year) DO UPDATE SET dedc_used = dedc_used + excluded.dedc_used,
                  fund_paid = fund_paid + excluded.fund_paid, inscp_over_dedc = inscp_over_dedc + excluded.inscp_over_dedc"""
                : floorAtZero ? """
                UPDATE accumulator SET dedc_used = MAX(0, dedc_used - ?4), fund_paid = MAX(0, fund_paid - ?5),
                  inscp_over_dedc = MAX(0, inscp_over_dedc - ?6) WHERE psn_no = ?1 AND accu_group = ?2 AND year = ?3"""
                : """
                UPDATE accumulator SET dedc_used = dedc_used - ?4, fund_paid = fund_paid - ?5,
                  inscp_over_dedc = inscp_over_dedc - ?6 WHERE psn_no = ?1 AND accu_group = ?2 AND year = ?3""";
        try (PreparedStatement p = tx.prepareStatement(sql)) {
            p.setString(1, psnNo);
            p.setString(2, d.group());
            p.setInt(3, d.year());
            p.setLong(4, d.dedcUsed());
            p.setLong(5, d.fundPaid());
            p.setLong(6, d.inscpOverDedc());
            // Undone on no row: the centre's figures, which replaced the local ones since, hold none for that
            // group and year (a settlement that moved nothing, a year the centre no longer sends): nothing to take off.
            if (p.executeUpdate() != 1 && sign > 0) {
                throw new IllegalStateException("no accumulator row written for group " + d.group());
            }
        }
        if (!account || d.accountPaid() == 0) return;
        try (PreparedStatement p = tx.prepareStatement(floorAtZero
                ? "UPDATE account_balance SET balance = MAX(0, balance - ?) WHERE psn_no = ? AND insutype = ?"
                : "UPDATE account_balance SET balance = balance - ? WHERE psn_no = ? AND insutype = ?")) {
            p.setLong(1, sign * d.accountPaid());
            p.setString(2, psnNo);
            p.setString(3, d.insutype());
            if (p.executeUpdate() != 1 && !floorAtZero) { // laid on the centre's figures: a row it no longer sends has nothing to take off
                throw new IllegalStateException("no account balance row for the settled insutype " + d.insutype());
            }
        }
    }
}
