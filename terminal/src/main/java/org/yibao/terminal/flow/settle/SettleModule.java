package org.yibao.terminal.flow.settle;

import java.util.Objects;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.settlement.Settler;
import org.yibao.terminal.flow.CentreLink;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.flow.PersonFigures;
import org.yibao.terminal.store.person.PersonStore;
import org.yibao.terminal.store.receipt.ReceiptStore;
import org.yibao.terminal.store.settlement.SettlementStore;

/** Assembles the settlement engine, the reverser and the receipt desk from their parts. */
public record SettleModule(SettleEngine engine, Reverser reverser, ReceiptDesk desk) {
    public SettleModule {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(reverser, "reverser");
        Objects.requireNonNull(desk, "desk");
    }

    public static SettleModule assemble(SqliteDatabase database, Policy policy, Settler settler, SettlementStore settlements,
                                        PersonStore persons, ReceiptStore receipts, Outbox outbox, CentreLink centre,
                                        FlowDevices devices, FlowSettings settings) {
        ReceiptDesk desk = new ReceiptDesk(devices.printer(), devices.indicators(), receipts, settings.paper());
        SettleCheck check = new SettleCheck(settler, policy, new PersonFigures(persons), persons, settlements, outbox,
                centre, settings);
        SettleEngine engine = new SettleEngine(database, check, settlements, persons, receipts, outbox, devices.printer(),
                desk, settings);
        Reverser reverser = new Reverser(database, engine, settlements, persons, receipts, devices.printer(), desk, centre,
                settings.clock());
        return new SettleModule(engine, reverser, desk);
    }
}
