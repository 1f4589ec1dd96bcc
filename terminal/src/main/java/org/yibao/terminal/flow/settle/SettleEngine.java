package org.yibao.terminal.flow.settle;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.Refused;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.http.Call;
import org.yibao.terminal.api.http.Reply;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.SettlementHeader;
import org.yibao.terminal.api.json.SettlementJsonWriter;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.flow.BacklogReason;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.operator.Operator;
import org.yibao.terminal.receipt.PrinterReason;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.store.person.PersonStore;
import org.yibao.terminal.store.receipt.ReceiptStore;
import org.yibao.terminal.store.settlement.NewSettlement;
import org.yibao.terminal.store.settlement.SettlementStore;
import org.yibao.terminal.store.settlement.VisitStore;

/**
 * Pre-settlement and settlement, shared by the pharmacy (2101/2102) and the clinic
 * (2206/2207).
 *
 * <p>Promises: a pre-settlement writes nothing. A settlement is computed and written in ONE
 * SQLite transaction - the setl_id from the persisted sequence, the outbox claim (class FUND
 * when the fund or the account pays, else SELF_PAY; order key = setl_id), the settlement and
 * its lines, the accumulators and the account balance, the receipt kept for reprint and the
 * answer under the msgid - or nothing at all. Settlements that arrive together share one
 * commit ({@link SqliteDatabase#inSharedCommit}): each is its own savepoint, so a refused one
 * undoes only itself, and the answer goes out after the fsync. The receipt is then queued for the
 * {@link ReceiptDesk}, which prints it and signals after the answer; a printer problem never
 * undoes a settlement (it is announced in warn_msg when the printer reports it before the
 * commit, and the receipt waits for reprint).
 */
public final class SettleEngine {
    private final SqliteDatabase database;
    private final SettleCheck check;
    private final SettlementStore settlements;
    private final PersonStore persons;
    private final ReceiptStore receipts;
    private final Outbox outbox;
    private final ReceiptDesk desk;
    private final FlowSettings settings;
    private final VisitStore visits;

    SettleEngine(SqliteDatabase database, SettleCheck check, SettlementStore settlements, VisitStore visits, PersonStore persons,
                 ReceiptStore receipts, Outbox outbox, ReceiptDesk desk, FlowSettings settings) {
        this.database = Objects.requireNonNull(database, "database");
        this.check = Objects.requireNonNull(check, "check");
        this.settlements = Objects.requireNonNull(settlements, "settlements");
        this.visits = Objects.requireNonNull(visits, "visits");
        this.persons = Objects.requireNonNull(persons, "persons");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.desk = Objects.requireNonNull(desk, "desk");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** 2101 / 2206: the split, with every check a settlement would meet; nothing written. */
    public Reply preSettle(Call call, SettleRequest request) throws SQLException {
        LocalDateTime now = now();
        return switch (check.check(request, call.envelope().opterType(), now.toLocalDate())) {
            case Outcome.Refused<Checked> r -> refused(r.refusal());
            case Outcome.Ok<Checked> ok -> new Reply.Success(writer().write(ok.value().settlement(),
                    header(Optional.empty(), request.mdtrtId().orElse(""), request, ok.value(), call, now)),
                    ok.value().warnMsg());
        };
    }

    /** 2102 / 2207: settles once, durably; see the class promises. */
    public Reply settle(Call call, SettleRequest request) throws SQLException {
        LocalDateTime now = now();
        Optional<PrinterReason> printerProblem = desk.printerProblem();
        Committed done;
        try {
            done = database.inSharedCommit(tx -> commit(tx, call, request, now, printerProblem));
        } catch (RefusedException e) {
            return refused(e.refusal());
        }
        desk.printLater(done.receipt());
        return new Reply.Recorded(done.json());
    }

    private record Committed(String json, Receipt receipt) {
    }

    private Committed commit(Connection tx, Call call, SettleRequest request, LocalDateTime now,
                             Optional<PrinterReason> printerProblem) throws SQLException {
        Checked c = switch (check.check(request, call.envelope().opterType(), now.toLocalDate())) {
            case Outcome.Refused<Checked> r -> throw new RefusedException(r.refusal(), null);
            case Outcome.Ok<Checked> ok -> ok.value();
        };
        Settlement s = c.settlement();
        if (request.visit().isPresent()) stillAsRead(request.visit().get());
        String setlId = settlements.nextSetlId(tx, settings.deviceId());
        String mdtrtId = request.mdtrtId().isPresent() ? request.mdtrtId().get()
                : settlements.nextMdtrtId(tx, settings.deviceId());
        ObjectNode output = writer().write(s, header(Optional.of(setlId), mdtrtId, request, c, call, now));
        MessageClass cls = ClaimClasses.of(s.totals().fundPaySumamt(), s.totals().acctPay());
        String claimId = appendClaim(tx, cls, setlId, claim(call, "settlement", c.offline(), output));
        String clrType = output.path("setlinfo").path("clr_type").asText();
        settlements.insert(tx, new NewSettlement(setlId, mdtrtId, call.envelope().msgid().value(), call.envelope().infno(),
                c.person().psnNo(), call.envelope().opterType().code(), now, c.offline(), claimId, clrType, s,
                Json.write(output)));
        persons.apply(tx, c.person().psnNo(), s.delta());
        Receipt receipt = ReceiptMaker.settlement(settings, operatorId(call), setlId, now, c.person(),
                request.cardNo(), s, c.offline());
        receipts.keep(tx, receipt);
        String json = call.recordSuccess(tx, output, withPrinter(c.warnMsg(), printerProblem));
        return new Committed(json, receipt);
    }

    /**
     * Refuses a clinic settlement whose visit was settled (1368) or given other fee lines (1363)
     * since its request was read: it would settle lines the visit no longer has as they are.
     */
    private void stillAsRead(SettleRequest.VisitFees visit) throws SQLException {
        if (visits.hasLiveSettlement(visit.mdtrtId())) {
            throw new RefusedException(new Refusal(FlowReason.VISIT_ALREADY_SETTLED, "mdtrt_id " + visit.mdtrtId()), null);
        }
        if (!visits.feesUnchanged(visit.mdtrtId(), visit.feesJson())) {
            throw new RefusedException(new Refusal(FlowReason.VISIT_FEES_CHANGED, "mdtrt_id " + visit.mdtrtId()), null);
        }
    }

    /** Appends a claim on {@code tx}; a refusal rolls the whole transaction back with a 17xx code. */
    String appendClaim(Connection tx, MessageClass cls, String setlId, ObjectNode payload) throws SQLException {
        AppendResult result = outbox.append(tx, new NewMessage(payload.path("claim").asText(), cls, setlId,
                Json.write(payload).getBytes(StandardCharsets.UTF_8)));
        return switch (result) {
            case AppendResult.Appended a -> a.id();
            case Refused r -> throw new RefusedException(new Refusal(BacklogReason.of(r.reason()), ""), null);
        };
    }

    /** The claim the centre receives: who sent it, whether it was made offline, and the answer's output. */
    ObjectNode claim(Call call, String kind, boolean offline, ObjectNode output) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("claim", kind);
        n.put("kind", kind);
        n.put("v", 1);
        n.put("infno", call.envelope().infno());
        n.put("msgid", call.envelope().msgid().value());
        n.put("fixmedins_code", settings.fixmedinsCode());
        n.put("admdvs", settings.admdvs());
        n.put("device_id", settings.deviceId());
        n.put("opter_type", call.envelope().opterType().code());
        n.put("offline", offline);
        n.set("output", output);
        return n;
    }

    static String withPrinter(String warn, Optional<PrinterReason> printerProblem) {
        if (printerProblem.isEmpty()) return warn;
        String p = printerProblem.get().message();
        return warn.isEmpty() ? p : warn + "；" + p;
    }

    private SettlementHeader header(Optional<String> setlId, String mdtrtId, SettleRequest request, Checked c,
                                    Call call, LocalDateTime now) {
        return new SettlementHeader(setlId, mdtrtId, c.person().psnNo(), c.person().name(), now,
                request.mdtrtCertType(), call.envelope().msgid().value(), settings.admdvs());
    }

    static String operatorId(Call call) {
        return call.operator().map(Operator::opterNo).orElse(call.envelope().opter());
    }

    /** A refusal; the indicators show it ({@code OutcomeSignals} around every settlement flow). */
    private static Reply refused(Refusal refusal) {
        return new Reply.Refused(refusal);
    }

    private static SettlementJsonWriter writer() {
        return new SettlementJsonWriter(SettlementJsonWriter.Options.API);
    }

    private LocalDateTime now() {
        return LocalDateTime.now(settings.clock());
    }
}
