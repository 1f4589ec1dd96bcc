package org.yibao.terminal.flow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.operator.HandClock;

/**
 * The offline limits and the backlog rule written out plainly from policy-and-catalog.md's
 * {@code offline:} block, DESIGN.md's backpressure and the README's choices, for
 * {@link OfflineLimitsPropertiesTest}. A fund-paying settlement (fund or account pays) while the
 * centre is unreachable is refused 1320 when the terminal has been offline longer than
 * {@code max_hours} since its last contact with the centre (an answered 1101, or the moment the
 * link was lost; exactly {@code max_hours} still settles),
 * 1321 when its fund part is above {@code max_fund_pay_per_settlement}, 1322 when the Beijing
 * day's offline fund payments that stand (all persons, offline settlements only, reversed ones
 * not counted) would pass {@code max_fund_pay_per_day}; online or offline, the outbox then refuses
 * it 1701 when the unacknowledged claims reach the soft count, 1703 when the oldest is 72 h old
 * or older. Self-pay (nothing from the fund or the account) always settles. Arithmetic:
 * {@link ModelArithmetic}, one 甲类 line at a pharmacy.
 */
final class OfflineLimitsModel {
    /** The outbox's own limit on the age of the oldest unacknowledged claim (OutboxPolicy.defaults()). */
    static final Duration BACKLOG_MAX_AGE = Duration.ofHours(72);

    /** The run's limits: the policy's {@code offline:} block (fen, hours) and the outbox's soft count. */
    record Limits(int maxHours, long perSettlement, long perDay, long backlogCount) {
    }

    /** A person of the run: employees (310, account) and a resident (390, none). */
    record Person(String psnNo, String certno, String insutype, String psnType, String name, long balance,
                  ModelArithmetic.Accu accu) {
    }

    static final Person ZHANG = new Person(FlowRig.PSN, FlowRig.CERTNO, "310", "11", "张三", 100_000,
            new ModelArithmetic.Accu(20_000, 0, 0));
    static final Person LI = new Person("37150000000000000002", "37150219700101567X", "310", "11", "李四", 30_000,
            new ModelArithmetic.Accu(20_000, 0, 0));
    static final Person WANG = new Person("37150000000000000003", "371502200001013456", "390", "21", "王五", 0,
            ModelArithmetic.Accu.ZERO);
    static final List<Person> PEOPLE = List.of(ZHANG, LI, WANG);

    /** A person's live figures. */
    static final class Figures {
        ModelArithmetic.Accu accu;
        long balance;

        Figures(ModelArithmetic.Accu accu, long balance) {
            this.accu = accu;
            this.balance = balance;
        }
    }

    /** A settlement the terminal answered, with what it took. */
    record Settled(String setlId, String mdtrtId, Person who, long fund, long acct, ModelArithmetic.Accu delta,
                   boolean offline, LocalDate day) {
    }

    /** What a purchase must give: a refusal code, or these fund and account parts. */
    record Expect(Optional<String> refusal, long fund, long acct, ModelArithmetic.Split split) {
    }

    final Limits limits;
    Instant now;
    boolean online = true;
    Instant lastContact;
    final Map<String, Figures> figures = new HashMap<>();
    final Map<LocalDate, Long> offlineFundByDay = new HashMap<>();
    /** Creation times of the claims the centre has not acknowledged, oldest first. */
    final List<Instant> unacked = new ArrayList<>();
    final List<Settled> standing = new ArrayList<>();
    long claims;

    OfflineLimitsModel(Limits limits, Instant start) {
        this.limits = limits;
        this.now = start;
        this.lastContact = start;
        for (Person p : PEOPLE) figures.put(p.psnNo(), new Figures(p.accu(), p.balance()));
    }

    LocalDate today() {
        return LocalDate.ofInstant(now, HandClock.SHANGHAI);
    }

    Expect purchase(Person who, long fen, boolean useAccount, boolean selfPayOnly) throws ModelArithmetic.Refused {
        Figures f = figures.get(who.psnNo());
        ModelArithmetic.Rule rule = ModelArithmetic.rule(who.insutype(), who.psnType(), "41", "", false);
        String yuan = java.math.BigDecimal.valueOf(fen, 2).toPlainString();
        ModelArithmetic.Split split = ModelArithmetic.settle(List.of(new ModelArithmetic.Line(1, Fixtures.JIA, yuan, "1")),
                who.insutype(), rule, f.accu, f.balance, useAccount);
        long fund = selfPayOnly ? 0 : split.hifp();
        long acct = selfPayOnly ? 0 : split.acct();
        return new Expect(refusal(fund, acct), fund, acct, split);
    }

    private Optional<String> refusal(long fund, long acct) {
        if (fund == 0 && acct == 0) return Optional.empty();
        if (!online) {
            if (Duration.between(lastContact, now).compareTo(Duration.ofHours(limits.maxHours())) > 0) return Optional.of("1320");
            if (fund > limits.perSettlement()) return Optional.of("1321");
            if (offlineFundByDay.getOrDefault(today(), 0L) + fund > limits.perDay()) return Optional.of("1322");
        }
        if (unacked.size() >= limits.backlogCount()) return Optional.of("1701");
        if (!unacked.isEmpty() && Duration.between(unacked.getFirst(), now).compareTo(BACKLOG_MAX_AGE) >= 0) {
            return Optional.of("1703");
        }
        return Optional.empty();
    }

    void settled(Person who, Expect e, boolean selfPayOnly, String setlId, String mdtrtId) {
        ModelArithmetic.Accu delta = selfPayOnly ? ModelArithmetic.Accu.ZERO : e.split().delta();
        Figures f = figures.get(who.psnNo());
        f.accu = f.accu.plus(delta);
        f.balance -= e.acct();
        if (!online) offlineFundByDay.merge(today(), e.fund(), Long::sum);
        standing.add(new Settled(setlId, mdtrtId, who, e.fund(), e.acct(), delta, !online, today()));
        claimWritten();
    }

    void reversed(Settled s) {
        Figures f = figures.get(s.who().psnNo());
        f.accu = f.accu.minus(s.delta());
        f.balance += s.acct();
        if (s.offline()) offlineFundByDay.merge(s.day(), -s.fund(), Long::sum);
        standing.remove(s);
        claimWritten();
    }

    private void claimWritten() {
        claims++;
        unacked.add(now);
    }

    /** The uplink delivered everything and the centre answered it (online only). */
    void drained() {
        unacked.clear();
    }
}
