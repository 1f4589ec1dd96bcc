package org.yibao.terminal.centre;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * Reads the accepted claims of one institution from the reference centre's store (the
 * {@code centre_claim} table offline-queue's ClaimStore writes; claims only, not the control
 * lane's messages), in arrival order, as
 * {@link CentreClaim}s; rows this centre cannot read are skipped (they are counted in stats).
 */
public final class AcceptedClaims {

    private final SqliteDatabase db;

    public AcceptedClaims(SqliteDatabase db) {
        this.db = db;
    }

    /** The accepted claims of {@code fixmedinsCode} that {@link ClaimReader} can read. */
    public List<CentreClaim> of(String fixmedinsCode) throws SQLException {
        return db.read(c -> {
            List<CentreClaim> out = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT type, payload FROM centre_claim WHERE status = 'ACCEPTED' AND fixmedins = ? AND "
                    + ClaimVerification.CLAIM_ROWS + " ORDER BY arrival")) {
                select.setString(1, fixmedinsCode);
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        ClaimReader.read(r.getString(1), r.getBytes(2)).ifPresent(out::add);
                    }
                }
            }
            return out;
        });
    }
}
