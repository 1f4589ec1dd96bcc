package org.yibao.terminal.store.person;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.store.InstantText;
import org.yibao.terminal.store.SecureDelete;

/**
 * Deletes what the terminal holds of persons it has not seen for the retention
 * ({@code retention.person_days}): through {@link PersonStore#forget}, the cached 1101 answer (ID
 * number, name, birth date, card number), the figures and the voucher holders, their content
 * overwritten ({@link SecureDelete}).
 *
 * <p>Promises: a person is deleted only when the centre's last answer for them
 * ({@code synced_at}) and their last identification from the cache ({@code seen_at}) are before
 * the cut-off, and they have no settlement on this terminal on or after {@code settledSince}
 * (the caller passes the start of the accumulator year when that is earlier, so the year's own
 * figures are never lost to a voucher settled offline). Settlements, receipts and claims are
 * never touched (a reversal of a deleted person's settlement still works, see
 * {@link PersonStore#undo}). Each call deletes at most {@code limit} persons in one transaction,
 * so a settlement is never held up long behind it.
 */
public final class PersonCacheRetention {
    private final SqliteDatabase database;

    /** On {@code database}, whose person tables {@link PersonStore#open} has made. */
    public PersonCacheRetention(SqliteDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Deletes up to {@code limit} persons last answered and seen before {@code cutoff} (in an earlier
     * second: {@link InstantText}) and with
     * no settlement on or after {@code settledSince} (a Beijing date); returns how many.
     */
    public int deleteUnseenBefore(Instant cutoff, LocalDate settledSince, int limit) throws SQLException {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive: " + limit);
        return database.inTransaction(c -> {
            List<String> unseen = unseen(c, InstantText.earlierSecondsBelow(cutoff), settledSince.toString(), limit);
            try (SecureDelete overwritten = SecureDelete.on(c)) {
                for (String psnNo : unseen) PersonStore.forget(c, psnNo);
            }
            return unseen.size();
        });
    }

    private static List<String> unseen(Connection c, String cutoff, String settledSince, int limit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                SELECT psn_no FROM person_cache pc
                WHERE synced_at < ?1 AND (seen_at IS NULL OR seen_at < ?1)
                  AND NOT EXISTS (SELECT 1 FROM settlement s WHERE s.psn_no = pc.psn_no AND s.setl_date >= ?2)
                LIMIT ?3""")) {
            p.setString(1, cutoff);
            p.setString(2, settledSince);
            p.setInt(3, limit);
            List<String> psnNos = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) psnNos.add(r.getString(1));
            }
            return psnNos;
        }
    }
}
