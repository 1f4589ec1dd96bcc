package org.yibao.terminal.flow;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.yibao.drivers.indicator.ButtonEvent;
import org.yibao.drivers.indicator.Indicators;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.http.HandlerRegistry;
import org.yibao.terminal.api.http.TransactionHandler;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicySource;
import org.yibao.terminal.domain.settlement.Settler;
import org.yibao.terminal.flow.clinic.ClinicHandlers;
import org.yibao.terminal.flow.clock.ClockGuard;
import org.yibao.terminal.flow.clock.StoredClockEvidence;
import org.yibao.terminal.flow.identify.IdentifyHandler;
import org.yibao.terminal.flow.identify.IdentityWait;
import org.yibao.terminal.flow.identify.PersonLookup;
import org.yibao.terminal.flow.recon.ReconcileHandler;
import org.yibao.terminal.flow.settle.PharmacyHandlers;
import org.yibao.terminal.flow.settle.ReprintHandler;
import org.yibao.terminal.flow.settle.SettleModule;
import org.yibao.terminal.store.clock.ClockConfirmations;
import org.yibao.terminal.store.person.PersonStore;
import org.yibao.terminal.store.receipt.ReceiptStore;
import org.yibao.terminal.store.settlement.SettlementStore;
import org.yibao.terminal.store.settlement.VisitStore;

/**
 * The terminal's transaction flows, assembled on the opened terminal database: the one entry
 * point the wiring (`terminal run`, the demo) needs. Given the database, the policy, the
 * catalogue and 对照 map, the devices, the outbox (whose uplink the {@link CentreLink} wraps)
 * and the {@link FlowSettings}, {@link #registerInto} adds every handler to the local API's
 * {@link HandlerRegistry}.
 *
 * <p>Registered today: 1101 人员信息获取 (card / QR / numbers, online or cached), 2101 药店预结算, 2102 药店结算, 2103 药店结算撤销 (see
 * {@link org.yibao.terminal.flow.settle.SettleEngine} and
 * {@link org.yibao.terminal.flow.settle.Reverser} for their promises), the clinic flow 2201,
 * 2204, 2206, 2207, 2208 on the same engine, and 3201 对总账. A kiosk (opter_type 2) runs the
 * same flows under {@link FlowSettings.KioskLimits}; a terminal configured as a kiosk runs the
 * flows that identify a person or move money for kiosk requests only ({@link KioskOnly}), while
 * 3201 and reprints (no person identified, no money moved) take any opter_type, as 9001/9002 do.
 * Receipts that did not print are reprinted
 * with {@link #reprint}, the API transaction {@code term_receipt_reprint} or
 * {@code terminal receipt reprint}. While the clock is behind what the terminal has already
 * written, the {@link ClockGuard} holds back the transactions that date records (1376). The
 * kiosk button on the indicator port cancels a 1101 waiting for a card or QR (1377).
 */
public final class TerminalFlows implements AutoCloseable {
    private final SettleModule settle;
    private final IdentifyHandler identify;
    private final ClinicHandlers clinic;
    private final ReconcileHandler reconcile;
    private final SettlementStore settlements;
    private final PersonStore persons;
    private final ReceiptStore receipts;
    private final ClockGuard clockGuard;
    private final FlowSettings.Mode mode;
    private final Indicators indicators;

    private TerminalFlows(SettleModule settle, IdentifyHandler identify, ClinicHandlers clinic,
                          ReconcileHandler reconcile, SettlementStore settlements, PersonStore persons,
                          ReceiptStore receipts, ClockGuard clockGuard, FlowSettings.Mode mode, Indicators indicators) {
        this.settle = settle;
        this.identify = identify;
        this.clinic = clinic;
        this.reconcile = reconcile;
        this.settlements = settlements;
        this.persons = persons;
        this.receipts = receipts;
        this.clockGuard = clockGuard;
        this.mode = mode;
        this.indicators = indicators;
    }

    /** Creates the flows' tables when missing and assembles the flows, with one fixed policy. */
    public static TerminalFlows open(SqliteDatabase database, Policy policy, Catalog catalog, CodeMap codeMap,
                                     FlowDevices devices, Outbox outbox, CentreLink centre, FlowSettings settings)
            throws SQLException {
        Objects.requireNonNull(policy, "policy");
        return open(database, PolicySource.fixed(policy), catalog, codeMap, devices, outbox, centre, settings);
    }

    /**
     * As above with the policy for the settlement date read from {@code policies} once at the
     * start of every settlement (a fleet update may swap it between settlements, never within one).
     */
    public static TerminalFlows open(SqliteDatabase database, PolicySource policies, Catalog catalog,
                                     CodeMap codeMap, FlowDevices devices, Outbox outbox, CentreLink centre,
                                     FlowSettings settings) throws SQLException {
        Objects.requireNonNull(database, "database");
        SettlementStore settlements = SettlementStore.open(database);
        numberFromCreation(outbox, settlements, settings);
        PersonStore persons = PersonStore.open(database);
        centre.onContact(new ContactKeeper(persons, settings.clock()));
        ReceiptStore receipts = ReceiptStore.open(database, settings.clock());
        CredentialCheck credentials = new CredentialCheck(persons, devices.vouchers(), settings.clock());
        SettleModule settle = SettleModule.assemble(database, policies, catalog,
                policy -> new Settler(policy, catalog, codeMap, settings.hospLv()), settlements, persons, credentials, receipts,
                outbox, centre, devices, settings);
        IdentityWait wait = new IdentityWait(devices.cards(), devices.scans(), devices.vouchers(),
                settings.clock()::instant);
        devices.indicators().onButton(edge -> {
            if (edge == ButtonEvent.PRESSED) wait.cancel();
        });
        IdentifyHandler identify = new IdentifyHandler(wait,
                new PersonLookup(centre, persons, settlements, outbox, settings), devices.indicators(), settings, devices.vouchers());
        ClinicHandlers clinic = new ClinicHandlers(database, settlements, VisitStore.open(database),
                new PersonFigures(persons), credentials, catalog, codeMap, settle, settings);
        ClockConfirmations confirmations = ClockConfirmations.open(database);
        ClockGuard clockGuard = ClockGuard.load(new StoredClockEvidence(outbox, confirmations), settings.clock().getZone());
        return new TerminalFlows(settle, identify, clinic, new ReconcileHandler(settlements, outbox), settlements,
                persons, receipts, clockGuard, settings.mode(), devices.indicators());
    }

    /**
     * A database that has numbered nothing yet numbers its claims, setl_ids and clinic mdtrt_ids
     * from its creation time (Unix seconds × 1000): one that replaces another (the old one
     * quarantined and moved out, a lost file) then never hands out the old one's ids, which the
     * centre already holds and would refuse as reused. The older database would have had to number
     * 1000 a second over its whole life to reach them.
     */
    private static void numberFromCreation(Outbox outbox, SettlementStore settlements, FlowSettings settings) throws SQLException {
        long first = Math.max(1, settings.clock().instant().getEpochSecond() * 1000);
        outbox.numberFrom(first);
        settlements.numberFrom(settings.deviceId(), first);
    }

    /**
     * Registers every flow's handler (see the class comment for which) into {@code registry}, those
     * that identify a person or date what they write behind the {@link ClockGuard}; the pharmacy's
     * and the clinic's show their refusals and faults on the indicators ({@link OutcomeSignals};
     * 1101 signals its own, a device fault as a fault).
     */
    public TerminalFlows registerInto(HandlerRegistry registry) {
        HandlerRegistry personOrMoney = new HandlerRegistry();
        new PharmacyHandlers(settle.engine(), settle.reverser()).registerInto(personOrMoney);
        clinic.registerInto(personOrMoney);
        for (String infno : personOrMoney.infnos()) {
            TransactionHandler handler = new OutcomeSignals(indicators, personOrMoney.find(infno).orElseThrow());
            registry.register(infno, KioskOnly.inMode(mode, clockGuard.wrap(infno, handler)));
        }
        registry.register("1101", KioskOnly.inMode(mode, clockGuard.wrap("1101", identify)));
        registry.register("3201", reconcile);
        registry.register(ReprintHandler.INFNO, new ReprintHandler(settle.desk()));
        return this;
    }

    /**
     * Prints the kept receipt of {@code setlId} again (marked 重打): empty when none is kept;
     * else empty inside when printed, or the printer's 18xx warning.
     */
    public Optional<Optional<Refusal>> reprint(String setlId) throws SQLException {
        return settle.desk().reprint(setlId, Optional.empty());
    }

    /**
     * Waits until every receipt queued so far has been printed or has failed (receipts print
     * after their answers, see {@link org.yibao.terminal.flow.settle.ReceiptDesk}); false when
     * that took longer than {@code timeout}.
     */
    public boolean awaitReceipts(java.time.Duration timeout) throws InterruptedException {
        return settle.desk().awaitIdle(timeout);
    }

    /**
     * Ends the waits of 1101s for a card or QR with an answer (1352, the terminal stopping): called as
     * the terminal begins to stop, before its HTTP server closes the hosts' connections.
     */
    public void stopWaits() {
        identify.stopWaits();
    }

    /** Lets the queued receipts print, then stops the receipt desk; the devices and the database stay the caller's. */
    @Override
    public void close() {
        settle.desk().close();
    }

    public SettlementStore settlements() {
        return settlements;
    }

    public PersonStore persons() {
        return persons;
    }

    public ReceiptStore receipts() {
        return receipts;
    }
}
