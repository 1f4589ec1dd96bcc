package org.yibao.terminal.store.receipt;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.OutboxOperator;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.store.settlement.SettlementStore;
import org.yibao.terminal.store.settlement.StoredSettlement;

/**
 * Whether the claim behind a kept receipt has reached the centre, so that a reprint of a receipt
 * settled offline says 已上传 rather than 待上传 once it has. The claim is the settlement's, or for
 * a reversal's receipt the reversal's; it has reached the centre once the centre accepted it, or
 * when it is no longer stored (only accepted claims are purged). A claim the centre rejected is not
 * 已上传: it needs a technician ({@code terminal outbox}), so its reprint still says 待上传.
 */
public final class ClaimUploads {
    private final SqliteDatabase database;
    private final SettlementStore settlements;

    public ClaimUploads(SqliteDatabase database, SettlementStore settlements) {
        this.database = Objects.requireNonNull(database, "database");
        this.settlements = Objects.requireNonNull(settlements, "settlements");
    }

    /** The uploads of the settlements in {@code database} (for a command that reprints, with no flow to go through). */
    public static ClaimUploads in(SqliteDatabase database) throws SQLException {
        return new ClaimUploads(database, SettlementStore.open(database));
    }

    /** The settlement {@code setlId}, whose receipts these are (stored for good, though its receipts are deleted after their retention). */
    public Optional<StoredSettlement> settlement(String setlId) throws SQLException {
        return settlements.find(setlId);
    }

    /** {@code receipt} as a reprint shows it: an offline one is marked uploaded once the centre accepted its claim. */
    public Receipt asNow(Receipt receipt) throws SQLException {
        return receipt.offline() && accepted(receipt.setlId(), receipt.kind()) ? receipt.claimUploaded() : receipt;
    }

    private boolean accepted(String setlId, Receipt.Kind kind) throws SQLException {
        Optional<String> claim = claimId(setlId, kind);
        if (claim.isEmpty()) return false;
        return OutboxOperator.existing(database).state(claim.get()).map(state -> state == MessageState.ACKED).orElse(true);
    }

    private Optional<String> claimId(String setlId, Receipt.Kind kind) throws SQLException {
        Optional<StoredSettlement> settlement = settlements.find(setlId);
        if (settlement.isEmpty()) return Optional.empty();
        return kind == Receipt.Kind.SETTLEMENT ? Optional.of(settlement.get().claimId()) : settlement.get().reversalClaimId();
    }
}
