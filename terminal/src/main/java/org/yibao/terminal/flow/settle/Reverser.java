package org.yibao.terminal.flow.settle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.http.Call;
import org.yibao.terminal.api.http.Reply;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.flow.CentreLink;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.receipt.PrinterReason;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.store.person.PersonStore;
import org.yibao.terminal.store.receipt.KeptReceipt;
import org.yibao.terminal.store.receipt.ReceiptStore;
import org.yibao.terminal.store.settlement.SettlementStore;
import org.yibao.terminal.store.settlement.StoredSettlement;

/**
 * 2103 / 2208: reverses a settlement exactly once.
 *
 * <p>Promises: in ONE transaction the settlement is marked reversed (only if it was settled:
 * a second reversal is refused with 1361), the accumulators and the account balance get back
 * exactly what it took, the reversal claim is appended with the same order key (the setl_id),
 * so the centre receives it after the settlement, the reversal receipt is kept and the answer
 * recorded under the msgid. The answer is the original setlinfo with every amount negated,
 * and setldetail.
 *
 * <p>The reversal's receipt is made from the settlement's kept receipt, or, once that was deleted
 * ({@code retention.receipt_days}; the spec allows a reversal at any time), from the settlement's
 * own record ({@link ReceiptMaker#fromRecord}, its lines named by the catalogue the settlement
 * flow prices with, on the settlement's date); nothing else about the reversal depends on which.
 */
public final class Reverser {
    private final SqliteDatabase database;
    private final SettleEngine engine;
    private final SettlementStore settlements;
    private final PersonStore persons;
    private final ReceiptStore receipts;
    private final ReceiptDesk desk;
    private final CentreLink centre;
    private final FlowSettings settings;
    /** The catalogue the settlements were priced with: names the lines of a receipt made from the record. */
    private final Catalog catalog;
    private final java.time.Clock clock;

    Reverser(SqliteDatabase database, SettleEngine engine, SettlementStore settlements, PersonStore persons,
             ReceiptStore receipts, ReceiptDesk desk, CentreLink centre, FlowSettings settings, Catalog catalog) {
        this.database = Objects.requireNonNull(database, "database");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settlements = Objects.requireNonNull(settlements, "settlements");
        this.persons = Objects.requireNonNull(persons, "persons");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.desk = Objects.requireNonNull(desk, "desk");
        this.centre = Objects.requireNonNull(centre, "centre");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = settings.clock();
    }

    /** The reversal asked for: setl_id, and the mdtrt_id and psn_no that must be the settlement's (none empty). */
    public record ReverseRequest(String setlId, String mdtrtId, String psnNo) {
        public ReverseRequest {
            for (String v : new String[] {setlId, mdtrtId, psnNo}) {
                if (v == null || v.isBlank()) throw new IllegalArgumentException("setl_id, mdtrt_id and psn_no are all required");
            }
        }
    }

    public Reply reverse(Call call, ReverseRequest request) throws SQLException {
        LocalDateTime now = LocalDateTime.now(clock);
        Optional<PrinterReason> printerProblem = desk.printerProblem();
        Done done;
        try {
            done = database.inSharedCommit(tx -> commit(tx, call, request, now, printerProblem));
        } catch (RefusedException e) {
            return new Reply.Refused(e.refusal()); // the indicators show it (OutcomeSignals)
        }
        desk.printLater(done.receipt());
        return new Reply.Recorded(done.json());
    }

    private record Done(String json, Receipt receipt) {
    }

    private Done commit(Connection tx, Call call, ReverseRequest request, LocalDateTime now,
                        Optional<PrinterReason> printerProblem) throws SQLException {
        StoredSettlement s = settlements.find(tx, request.setlId())
                .orElseThrow(() -> refusal(FlowReason.SETTLEMENT_NOT_FOUND, "setl_id " + request.setlId()));
        if (!request.psnNo().equals(s.psnNo())) {
            throw refusal(FlowReason.REVERSAL_MISMATCH, "psn_no");
        }
        if (!request.mdtrtId().equals(s.mdtrtId())) {
            throw refusal(FlowReason.REVERSAL_MISMATCH, "mdtrt_id");
        }
        if (s.state() == StoredSettlement.State.REVERSED) {
            throw refusal(FlowReason.ALREADY_REVERSED, "setl_id " + s.setlId());
        }
        boolean offline = !centre.online();
        ObjectNode output = ReversedOutput.of(s.outputJson());
        String claimId = engine.appendClaim(tx, ClaimClasses.REVERSAL, s.setlId(),
                engine.claim(call, "reversal", offline, output));
        if (!settlements.markReversed(tx, s.setlId(), call.envelope().msgid().value(), now, claimId)) {
            throw refusal(FlowReason.ALREADY_REVERSED, "setl_id " + s.setlId());
        }
        persons.undo(tx, s.psnNo(), s.delta());
        Receipt receipt = reversalReceipt(tx, s, call, now, offline);
        receipts.keep(tx, receipt);
        String warn = SettleEngine.withPrinter(offline ? SettleCheck.OFFLINE_WARNING : "", printerProblem);
        return new Done(call.recordSuccess(tx, output, warn), receipt);
    }

    private Receipt reversalReceipt(Connection tx, StoredSettlement s, Call call, LocalDateTime now, boolean offline)
            throws SQLException {
        OptionalLong balance = persons.balance(s.psnNo(), s.insutype());
        return ReceiptMaker.reversal(purchaseReceipt(tx, s), SettleEngine.operatorId(call), now, balance, offline);
    }

    /**
     * The settlement's receipt: the kept one, else (deleted after the receipt retention) one made
     * from its record, its lines named by the catalogue on the settlement's date.
     */
    private Receipt purchaseReceipt(Connection tx, StoredSettlement s) throws SQLException {
        Optional<KeptReceipt> kept = receipts.find(s.setlId(), Receipt.Kind.SETTLEMENT);
        if (kept.isPresent()) return kept.get().receipt();
        return ReceiptMaker.fromRecord(settings, s, settlements.lines(tx, s.setlId()), catalog);
    }

    private static RefusedException refusal(FlowReason reason, String detail) {
        return new RefusedException(new Refusal(reason, detail), null);
    }
}
