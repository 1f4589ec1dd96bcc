package org.yibao.terminal.fleet;

import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.identity.trust.TrustFile;
import org.yibao.terminal.identity.trust.TrustFileReader;

/**
 * Keeps the voucher trust file in use the one terminal.db holds. {@code terminal voucher trust}, a
 * process of its own, stores a technician's file there while the service runs; a {@link #look}
 * puts it in use. Looks run on the fleet worker, the thread that applies updates, once a second
 * and before every trust or revocation update, so a look never undoes an update and a revocation
 * merges into the file stored last, not into an older one held in memory. Without a centre there
 * are no updates and no worker: a watch thread of {@link FleetService} looks once a second.
 */
final class StoredTrust {
    private static final Logger LOG = LoggerFactory.getLogger(StoredTrust.class);
    static final String KIND = "trust";

    private final FleetStore store;
    private final TrustInUse trust;
    private Optional<FleetStore.ContentMark> seen;

    /** {@code seen}: the mark read before the trust in use was loaded, so a file stored in between is put in use at the first look. */
    StoredTrust(FleetStore store, TrustInUse trust, Optional<FleetStore.ContentMark> seen) {
        this.store = store;
        this.trust = trust;
        this.seen = seen;
    }

    /** Puts the stored trust file in use when another one was stored since the last look. */
    void look() throws SQLException {
        Optional<FleetStore.ContentMark> now = store.mark(KIND);
        if (now.isEmpty() || now.equals(seen)) return;
        seen = now;
        Optional<FleetStore.Content> row = store.content(KIND);
        if (row.isEmpty()) return;
        byte[] json = row.get().body();
        try {
            TrustFile file = TrustFileReader.parse(json);
            trust.set(new TrustInUse.Trust(file, json));
            LOG.info("fleet: trust file {} ({}) stored by {} now in use", file.version(), file.revoked(), row.get().updateId());
        } catch (RefusedException e) {
            LOG.warn("fleet: the trust file stored by {} does not load ({}); the one in use stays",
                    row.get().updateId(), e.refusal().errMsg());
        }
    }

    /** The trust file just stored by an update is the one in use already. */
    void storedInUse() throws SQLException {
        seen = store.mark(KIND);
    }
}
