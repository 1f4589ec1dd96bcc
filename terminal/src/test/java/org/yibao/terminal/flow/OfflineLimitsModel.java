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
 * {@code max_hours} since its last contact with the centre (an answered 1101, or the moment a
 * centre the terminal heard since connecting stopped answering: the link lost while the centre
 * answered, or the centre found silent behind a connected broker; a link lost while the centre was
 * already found silent is no contact; exactly {@code max_hours} still settles),
 * 1321 when its fund part is above {@code max_fund_pay_per_settlement}, 1322 when the Beijing
 * day's offline fund payments that stand (all persons, offline settlements only, reversed ones
 * not counted) would pass {@code max_fund_pay_per_day}; online or offline, the outbox then refuses
 * it 1701 when the unacknowledged claims reach the soft count, 1703 when the oldest is older than
 * the shorter of {@code max_hours} (DESIGN.md: "older than the policy's offline limit"; at least an
 * hour) and the outbox's own 72 h. Self-pay (nothing from the fund or the account) always settles. Arithmetic:
 * {@link ModelArithmetic}, one 甲类 line at a pharmacy.
 *
 * <p>"Unreachable" is the README's "Is the centre there": the broker down, or the centre found
 * silent behind a connected broker. The centre going away behind the broker is not known to the
 * terminal until a question goes unanswered (in the runs: a 1101 that times out; the rig's
 * heartbeat asks only at connect), so until then it settles online, and the claims it makes
 * wait unacknowledged in the broker until the centre is back.
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
    /** The broker runs (the uplink is connected). */
    boolean brokerUp = true;
    /** The centre runs behind the broker (it answers questions and acknowledges claims). */
    boolean centreHere = true;
    /** The terminal found the centre silent (a question unanswered) and has not heard from it since. */
    boolean silenceNoticed;
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

    /** Whether the terminal settles online: the uplink connected and the centre not found silent. */
    boolean online() {
        return brokerUp && !silenceNoticed;
    }

    /** Whether the centre can be asked and answers: both the broker and the centre run. */
    boolean centreAnswers() {
        return brokerUp && centreHere;
    }

    LocalDate today() {
        return LocalDate.ofInstant(now, HandClock.SHANGHAI);
    }

    /** The age of the oldest unacknowledged claim past which fund payments are refused 1703. */
    Duration backlogMaxAge() {
        Duration policy = Duration.ofHours(Math.max(1, limits.maxHours()));
        return policy.compareTo(BACKLOG_MAX_AGE) < 0 ? policy : BACKLOG_MAX_AGE;
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
        if (!online()) {
            if (Duration.between(lastContact, now).compareTo(Duration.ofHours(limits.maxHours())) > 0) return Optional.of("1320");
            if (fund > limits.perSettlement()) return Optional.of("1321");
            if (offlineFundByDay.getOrDefault(today(), 0L) + fund > limits.perDay()) return Optional.of("1322");
        }
        if (unacked.size() >= limits.backlogCount()) return Optional.of("1701");
        if (!unacked.isEmpty() && Duration.between(unacked.getFirst(), now).compareTo(backlogMaxAge()) > 0) {
            return Optional.of("1703");
        }
        return Optional.empty();
    }

    /**
     * The broker stops: the uplink drops. A centre the terminal had not found silent was, as far
     * as it knew, answering until now, so time offline counts from here; one already found silent
     * is no contact (the time offline goes on counting from the silence).
     */
    void brokerStopped() {
        if (!silenceNoticed) lastContact = now;
        brokerUp = false;
    }

    /** The centre goes away behind the running broker: nothing the terminal can see yet. */
    void centreGone() {
        centreHere = false;
    }

    /**
     * A 1101: the centre's answer ("online", a contact now) while it answers; else the cache, the
     * first unanswered one behind a connected broker being the moment the centre fell silent (the
     * last contact). Returns the fallback's first words in warn_msg, or "" for an online answer.
     */
    String personQueried() {
        if (centreAnswers()) {
            lastContact = now;
            return "";
        }
        if (!brokerUp) return "中心不可达";
        if (!silenceNoticed) {
            silenceNoticed = true;
            lastContact = now;
        }
        return "中心未及时应答";
    }

    /** The broker and the centre both run again and the centre was heard. */
    void allBack() {
        brokerUp = true;
        centreHere = true;
        silenceNoticed = false;
    }

    void settled(Person who, Expect e, boolean selfPayOnly, String setlId, String mdtrtId) {
        ModelArithmetic.Accu delta = selfPayOnly ? ModelArithmetic.Accu.ZERO : e.split().delta();
        Figures f = figures.get(who.psnNo());
        f.accu = f.accu.plus(delta);
        f.balance -= e.acct();
        boolean online = online();
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

    /** The uplink delivered everything and the centre answered it (only while {@link #centreAnswers()}). */
    void drained() {
        unacked.clear();
    }
}
