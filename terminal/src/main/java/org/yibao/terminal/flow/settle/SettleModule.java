package org.yibao.terminal.flow.settle;

import java.util.Objects;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicySource;
import org.yibao.terminal.domain.settlement.Settler;
import org.yibao.terminal.flow.CentreLink;
import org.yibao.terminal.flow.CredentialCheck;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.flow.PersonFigures;
import org.yibao.terminal.store.person.PersonStore;
import org.yibao.terminal.store.receipt.ClaimUploads;
import org.yibao.terminal.store.receipt.ReceiptStore;
import org.yibao.terminal.store.settlement.SettlementStore;
import org.yibao.terminal.store.settlement.VisitStore;

/** Assembles the settlement engine, the reverser and the receipt desk from their parts. */
public record SettleModule(SettleEngine engine, Reverser reverser, ReceiptDesk desk) {
    public SettleModule {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(reverser, "reverser");
        Objects.requireNonNull(desk, "desk");
    }

    /** A 2103 / 2208 handler (input {@code data}: setl_id, mdtrt_id, psn_no). */
    public org.yibao.terminal.api.http.TransactionHandler reversalHandler() {
        return PharmacyHandlers.reversal(reverser);
    }

    /**
     * {@code catalog} is the one {@code settlers} price with: the reverser names by it the lines
     * of a receipt made from a settlement's record.
     */
    public static SettleModule assemble(SqliteDatabase database, PolicySource policies, Catalog catalog,
                                        java.util.function.Function<Policy, Settler> settlers, SettlementStore settlements,
                                        PersonStore persons, CredentialCheck credentials, ReceiptStore receipts, Outbox outbox,
                                        CentreLink centre, FlowDevices devices, FlowSettings settings) throws java.sql.SQLException {
        ReceiptDesk desk = new ReceiptDesk(devices.printer(), devices.indicators(), receipts,
                new ClaimUploads(database, settlements), settings.paper());
        SettleCheck check = new SettleCheck(policies, settlers, new PersonFigures(persons), persons, credentials, settlements,
                outbox, centre, settings);
        SettleEngine engine = new SettleEngine(database, check, settlements, VisitStore.open(database), persons, receipts, outbox, desk, settings);
        Reverser reverser = new Reverser(database, engine, settlements, persons, receipts, desk, centre, settings, catalog);
        return new SettleModule(engine, reverser, desk);
    }
}
