package org.yibao.terminal.fleet;

import java.sql.SQLException;
import java.time.Instant;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.identity.trust.TrustFile;

/**
 * A voucher trust file a technician loads by hand (spec: the trust file is "also accepted by the
 * technician CLI"). It takes the place of the one the uplink last delivered, where the terminal
 * looks for the trust file in use at start; a running service puts it in use at its next look
 * ({@link StoredTrust}, every second, with or without a centre). A later trust update over the uplink
 * replaces it as usual, and a revocation update merges into it. Any version may be loaded, an
 * older one too: the technician decides (numbered fleet updates are what cannot go back).
 */
public final class TechnicianTrust {
    /** The update id recorded beside a trust file loaded by hand, before its time. */
    private static final String LOADED_BY_HAND = "technician";

    private TechnicianTrust() {
    }

    /** Stores {@code json}, already read as {@code file}, as the trust file in use, in one transaction. */
    public static void load(SqliteDatabase db, TrustFile file, byte[] json, Instant at) throws SQLException {
        FleetStore store = FleetStore.open(db);
        db.inTransaction(c -> {
            store.putContent(c, StoredTrust.KIND, file.version(), json, LOADED_BY_HAND + " " + BeijingTime.text(at));
            return null;
        });
    }
}
