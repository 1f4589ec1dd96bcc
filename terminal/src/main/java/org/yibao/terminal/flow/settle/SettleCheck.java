package org.yibao.terminal.flow.settle;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.yibao.outbox.Admission;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.Refused;
import org.yibao.terminal.api.envelope.OpterType;
import org.yibao.terminal.domain.ReasonCode;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicySource;
import org.yibao.terminal.domain.settlement.OfflineLimitCheck;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.SettlementReason;
import org.yibao.terminal.domain.settlement.Settler;
import org.yibao.terminal.flow.BacklogReason;
import org.yibao.terminal.flow.CentreLink;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.flow.CredentialCheck;
import org.yibao.terminal.flow.PersonFigures;
import org.yibao.terminal.flow.clock.ClockFloor;
import org.yibao.terminal.store.person.PersonStore;
import org.yibao.terminal.store.settlement.SettlementStore;

/**
 * Computes a settlement and applies every rule around the arithmetic, in this order: the
 * person must be known (1101 first); the credential must fit (a kiosk names a card or a voucher;
 * an ID number is the person's own); a kiosk may not use the account when its settings say so;
 * the {@link Settler}; the split the host declared (2207), if any; 全自费 when asked; the kiosk's amount limit; the policy's offline limits
 * while the centre is unreachable; the outbox admission of the claim's class (a full backlog, or
 * one older than the policy's offline limit or the outbox's own, refuses fund-paying settlements only). Writes nothing; the same checks serve 2101 and 2102.
 */
final class SettleCheck {
    static final String OFFLINE_WARNING = "脱机结算，待上传";

    private final PolicySource policies;
    private final Function<Policy, Settler> settlers;
    private final PersonFigures persons;
    private final PersonStore personStore;
    private final CredentialCheck credentials;
    private final SettlementStore settlements;
    private final Outbox outbox;
    private final CentreLink centre;
    private final FlowSettings settings;

    /**
     * {@code policies} gives the policy for the settlement date; each check reads it once and
     * settles and limits with that one policy (a fleet update swapping it never splits a settlement).
     */
    SettleCheck(PolicySource policies, Function<Policy, Settler> settlers, PersonFigures persons, PersonStore personStore,
                CredentialCheck credentials, SettlementStore settlements, Outbox outbox, CentreLink centre, FlowSettings settings) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.settlers = Objects.requireNonNull(settlers, "settlers");
        this.persons = Objects.requireNonNull(persons, "persons");
        this.personStore = Objects.requireNonNull(personStore, "personStore");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.settlements = Objects.requireNonNull(settlements, "settlements");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.centre = Objects.requireNonNull(centre, "centre");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    Outcome<Checked> check(SettleRequest request, OpterType opterType, LocalDate date) throws SQLException {
        Optional<PersonSnapshot> person = persons.load(request.purchase().psnNo());
        if (person.isEmpty()) return refused(FlowReason.PERSON_NOT_IDENTIFIED, "psn_no");
        if (replacedPsnNo(person.get())) {
            return refused(SettlementReason.PERSON_MISMATCH, "psn_no 已不是该身份证号的人员编号（中心已换发），请重新读卡或扫码获取人员信息");
        }
        boolean kiosk = opterType == OpterType.KIOSK;
        Optional<Refusal> credential = credentials.problem(opterType, request.mdtrtCertType(), request.mdtrtCertNo(), person.get());
        if (credential.isPresent()) return new Outcome.Refused<>(credential.get());
        Optional<Refusal> certno = credentials.certnoProblem(request.psnCertType(), request.certno(), person.get());
        if (certno.isPresent()) return new Outcome.Refused<>(certno.get());
        if (kiosk && request.purchase().useAccount() && !settings.kiosk().accountAllowed()) {
            return refused(FlowReason.KIOSK_NO_ACCOUNT, "acct_used_flag");
        }
        Policy policy = Objects.requireNonNull(policies.on(date), "policy for the settlement date");
        return switch (settlers.apply(policy).settle(request.purchase(), person.get(), date)) {
            case Outcome.Refused<Settlement> r -> new Outcome.Refused<>(r.refusal());
            case Outcome.Ok<Settlement> ok -> {
                Optional<Refusal> declared = request.declared().check(ok.value().totals());
                yield declared.isPresent() ? new Outcome.Refused<>(declared.get())
                        : around(policy, request.selfPayOnly() ? SelfPay.of(ok.value()) : ok.value(), person.get(), kiosk, date);
            }
        };
    }

    /**
     * Whether the centre has since answered another psn_no for this person's ID number: the cached
     * figures of this one are of before (the account and the annual cap would pay twice). Its old
     * settlements stay reversible (2103 does not check here).
     */
    private boolean replacedPsnNo(PersonSnapshot person) throws SQLException {
        if (person.certno().isEmpty()) return false;
        Optional<String> latest = personStore.byCertno(person.certno()).map(c -> c.psnNo());
        return latest.isPresent() && !latest.get().equals(person.psnNo());
    }

    private Outcome<Checked> around(Policy policy, Settlement s, PersonSnapshot person, boolean kiosk, LocalDate date)
            throws SQLException {
        long medfee = s.totals().medfeeSumamt();
        if (kiosk && medfee > settings.kiosk().maxAmountPerSettlement()) {
            return refused(FlowReason.KIOSK_AMOUNT_LIMIT, "medfee_sumamt " + Fen.format(medfee)
                    + "，上限 " + Fen.format(settings.kiosk().maxAmountPerSettlement()));
        }
        long fund = s.totals().fundPaySumamt();
        long acct = s.totals().acctPay();
        Optional<PersonSnapshot.Insurance> row = person.insurance(s.insutype());
        if ((fund > 0 || acct > 0) && row.isPresent() && !row.get().inForce()) {
            return refused(SettlementReason.INSURANCE_NOT_IN_FORCE, "insutype " + s.insutype() + "，psn_insu_stas "
                    + row.get().insuStatus());
        }
        boolean offline = !centre.online();
        if (offline) {
            Optional<Refusal> limit = OfflineLimitCheck.check(policy.offline(), offlineState(s, person.psnNo(), date), fund, acct);
            if (limit.isPresent()) return new Outcome.Refused<>(limit.get());
        }
        Admission admission = outbox.mayAppend(ClaimClasses.of(fund, acct), policy.offline().backlogAgeLimit());
        if (admission instanceof Refused r) {
            return refused(BacklogReason.of(r.reason()), "");
        }
        return Outcome.ok(new Checked(s, person, offline));
    }

    private OfflineLimitCheck.OfflineState offlineState(Settlement s, String psnNo, LocalDate date) throws SQLException {
        Instant now = settings.clock().instant();
        // A contact dated further ahead than the clock's tolerance (written while the clock ran fast)
        // cannot measure the time offline: as if never heard, until the centre is heard again.
        Optional<Instant> contact = personStore.lastCentreContact();
        boolean cachedBalance = personStore.balance(psnNo, s.insutype()).isPresent();
        long fundPaidToday = settlements.offlineFundPaidOn(date);
        if (contact.isEmpty() || contact.get().isAfter(now.plus(ClockFloor.TOLERANCE))) {
            return OfflineLimitCheck.OfflineState.unmeasured(fundPaidToday, cachedBalance);
        }
        Duration offlineFor = contact.get().isAfter(now) ? Duration.ZERO : Duration.between(contact.get(), now);
        return new OfflineLimitCheck.OfflineState(offlineFor, fundPaidToday, cachedBalance);
    }

    private static Outcome<Checked> refused(ReasonCode reason, String detail) {
        return new Outcome.Refused<>(new Refusal(reason, detail));
    }
}
