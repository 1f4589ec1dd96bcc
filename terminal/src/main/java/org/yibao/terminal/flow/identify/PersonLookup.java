package org.yibao.terminal.flow.identify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.StoredMessage;
import org.yibao.terminal.api.envelope.Timestamps;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.settlement.AccumulatorDelta;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.flow.CentreLink;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.flow.PersonFigures;
import org.yibao.terminal.identity.voucher.VerifiedVoucher;
import org.yibao.terminal.store.person.CachedPerson;
import org.yibao.terminal.store.person.PersonStore;
import org.yibao.terminal.store.settlement.SettlementStore;
import org.yibao.terminal.store.settlement.StoredSettlement;

/**
 * Finds the person of a presentation: asks the centre's {@code person} service (bounded by
 * the settings' centre timeout) and caches the answer, or - when the centre cannot be reached
 * or does not answer in time - uses the cached snapshot, saying which in {@code term_source}
 * ("online" / "cache") and {@code term_synced_at} (yyyy-MM-dd HH:mm:ss, the terminal's local
 * time). The live figures (balance, accumulators)
 * count every local settlement exactly once: after an online answer, local settlements and
 * reversals the centre's figures do not hold yet (its {@code term_claims}; else, from a centre
 * that does not list them, those it had not acknowledged when it was asked) are applied on top of its figures.
 * A person the centre does not know is refused (1356). A person never seen while the centre is
 * unreachable is refused (1350), unless they showed a verified e-voucher: then the voucher's
 * scheme and person type stand in ({@code term_source} "voucher", see {@link VoucherPerson}).
 * An answer about another person than the one asked for (its certno or psn_no is not the
 * query's) is a bad answer, and one saying the centre failed to look the person up
 * ({@code error}) is no verdict on them, and one about the person asked for that cannot be read as
 * 1101 output (a field missing or out of range) cannot be used: each falls back like an unreachable
 * centre, except that with nothing to fall back on it is refused as a bad answer (1355), not as an
 * unreachable centre.
 */
public final class PersonLookup {
    /** The reference centre's person service (see org.yibao.terminal.centre.CentreServices). */
    public static final String SERVICE = "person";
    private static final Logger LOG = LoggerFactory.getLogger(PersonLookup.class);

    private final CentreLink centre;
    private final PersonStore persons;
    private final PersonFigures figures;
    private final SettlementStore settlements;
    private final Outbox outbox;
    private final FlowSettings settings;

    public PersonLookup(CentreLink centre, PersonStore persons, SettlementStore settlements, Outbox outbox,
                        FlowSettings settings) {
        this.centre = Objects.requireNonNull(centre, "centre");
        this.persons = Objects.requireNonNull(persons, "persons");
        this.figures = new PersonFigures(persons);
        this.settlements = Objects.requireNonNull(settlements, "settlements");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Why the centre's answer was not used: the cache or the voucher stood in. */
    public enum Fallback {
        /** The uplink is not connected. */
        UNREACHABLE("中心不可达"),
        /** Asked, but no answer within the centre timeout. */
        NO_ANSWER("中心未及时应答"),
        /** An answer that is not JSON, or is about another person than the one asked for. */
        BAD_ANSWER("中心应答有误（不是所查询人员的信息），未采用"),
        /** An answer saying the centre could not look the person up ({@code error}, no {@code found}): no verdict on the person. */
        FAILED("中心未能完成查询"),
        /** An answer about the person asked for that cannot be read as 1101 output (a field missing or out of range). */
        UNREADABLE("中心应答有误（人员信息无法识别），未采用");

        private final String text;

        Fallback(String text) {
            this.text = text;
        }

        /** The first words of the 1101 warn_msg, for the cashier. */
        public String text() {
            return text;
        }
    }

    /** The 1101 output object and, when the centre's answer was not used, why. */
    public record Found(ObjectNode output, Optional<Fallback> fallback) {
        public Found {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(fallback, "fallback");
        }
    }

    /**
     * The 1101 output object for {@code presented}; refusals are thrown as {@link RefusedException}.
     * A person identified by a voucher (01) is remembered as that voucher's holder, and one
     * identified by a card (03) as that card's, also when the cache stood in for the centre, so
     * that a settlement naming the voucher or the card can be checked against the person (see the
     * settle check).
     */
    public Found find(Presented presented) throws SQLException {
        Found found = person(presented);
        String psnNo = found.output().path("baseinfo").path("psn_no").asText("");
        if (presented.certType().equals("01")) {
            persons.rememberVoucher(presented.query().mdtrtCertNo(), psnNo, settings.clock().instant());
        }
        if (presented.certType().equals("03") && found.fallback().isPresent()) { // online, remember() stored the card
            persons.rememberCard(psnNo, presented.query().cardNo());
        }
        // answered from the cache: recorded as seen, so the persons' retention keeps them (the centre's answers set synced_at)
        if (found.fallback().isPresent() && !psnNo.isEmpty()) persons.seen(psnNo, settings.clock().instant());
        return found;
    }

    private Found person(Presented presented) throws SQLException {
        Instant asked = settings.clock().instant();
        Answer answer = askCentre(presented.query());
        if (answer instanceof Answer.Got got && failed(got.json())) {
            answer = new Answer.None(Fallback.FAILED, Fallback.FAILED.text());
        }
        if (answer instanceof Answer.Got got) {
            Optional<String> mismatch = anotherPerson(got.json(), presented.query());
            if (mismatch.isPresent()) {
                answer = new Answer.None(Fallback.BAD_ANSWER, "中心返回的不是所查询的人员");
            } else {
                try {
                    return new Found(online(got.json(), presented, asked), Optional.empty());
                } catch (UnreadableAnswer e) {
                    LOG.warn("the centre's person answer cannot be read as 1101 output; using the cache"); // its values may be personal
                    answer = new Answer.None(Fallback.UNREADABLE, e.getMessage());
                }
            }
        }
        Answer.None none = (Answer.None) answer;
        Fallback why = none.why();
        Optional<CachedPerson> cached = cached(presented.query());
        if (cached.isEmpty() && presented instanceof Presented.Voucher v) return new Found(fromVoucher(v.voucher()), Optional.of(why));
        if (cached.isEmpty() && none.detail().isPresent()) {
            throw new RefusedException(new Refusal(FlowReason.CENTRE_ANSWER_BAD, none.detail().get()), null);
        }
        if (cached.isEmpty()) throw new RefusedException(new Refusal(FlowReason.PERSON_UNAVAILABLE, ""), null);
        ObjectNode out = figures.liveOutput(cached.get());
        if (VoucherPerson.SOURCE.equals(out.path("term_source").asText())) {
            out.put("term_synced_at", "");
            return new Found(out, Optional.of(why));
        }
        out.put("term_source", "cache");
        out.put("term_synced_at", localTime(cached.get().syncedAt()));
        return new Found(out, Optional.of(why));
    }

    /** What asking the centre gave: its answer, or why there is none to use. */
    private sealed interface Answer {
        record Got(JsonNode json) implements Answer {
        }

        /** {@code detail}: with nothing cached, the 1355 refusal's (an answer that was not used); empty: 1350. */
        record None(Fallback why, Optional<String> detail) implements Answer {
            None(Fallback why) {
                this(why, Optional.empty());
            }

            None(Fallback why, String detail) {
                this(why, Optional.of(detail));
            }
        }
    }

    /** The centre's answer names the person asked for but cannot be read as 1101 output; the message says where. */
    private static final class UnreadableAnswer extends Exception {
        UnreadableAnswer(String where) {
            super(where, null, false, false);
        }
    }

    /** Whether {@code answer} says the centre failed to look the person up ({@code error} without {@code found}), not who they are. */
    private static boolean failed(JsonNode answer) {
        return answer.has("error") && !answer.has("found");
    }

    /** A person never seen, while the centre cannot be asked: as the verified voucher describes them (see {@link VoucherPerson}). */
    private ObjectNode fromVoucher(VerifiedVoucher voucher) throws SQLException {
        ObjectNode output = VoucherPerson.output(voucher);
        persons.rememberUnconfirmed(PersonJson.parse(output), Json.write(output), settings.clock().instant());
        ObjectNode out = figures.liveOutput(persons.byPsnNo(voucher.psnNo()).orElseThrow());
        out.put("term_synced_at", "");
        return out;
    }

    private Answer askCentre(Presented.Query q) {
        if (!centre.connected()) return new Answer.None(Fallback.UNREACHABLE); // a silent centre is asked: its answer ends the silence
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("certno", q.certno()).put("psn_no", q.psnNo()).put("mdtrt_cert_no", q.mdtrtCertNo())
                .put("card_sn", q.cardSn());
        Optional<byte[]> bytes = centre.ask(SERVICE, Json.write(body).getBytes(StandardCharsets.UTF_8),
                settings.centreTimeout());
        if (bytes.isEmpty()) {
            LOG.info("the centre did not answer the person query within {}; using the cache", settings.centreTimeout());
            return new Answer.None(Fallback.NO_ANSWER);
        }
        try {
            return new Answer.Got(Json.parse(new String(bytes.get(), StandardCharsets.UTF_8), "中心应答"));
        } catch (RefusedException e) {
            LOG.warn("the centre's person answer is not JSON; using the cache");
            return new Answer.None(Fallback.BAD_ANSWER, "中心应答不是 JSON");
        }
    }

    /**
     * Which number of the query the centre's person ({@code output.baseinfo}) does not carry, if
     * any: its certno (compared ignoring case: the check character X) when the query has one (an
     * ID number, or the certno read from the card or sent with a card number), its psn_no when the
     * query has one (a voucher's). Such an answer, however well correlated, is about someone else
     * and is treated as a bad answer: never used, never cached. Logged without the numbers. An
     * answer that is not a found person is left to {@link #online}.
     */
    private static Optional<String> anotherPerson(JsonNode answer, Presented.Query q) {
        JsonNode base = answer.path("output").path("baseinfo");
        if (!answer.path("found").asBoolean(false) || !base.isObject()) return Optional.empty();
        Optional<String> field = Optional.empty();
        if (!q.certno().isBlank() && !q.certno().strip().equalsIgnoreCase(base.path("certno").asText("").strip())) {
            field = Optional.of("certno");
        } else if (!q.psnNo().isBlank() && !q.psnNo().strip().equals(base.path("psn_no").asText("").strip())) {
            field = Optional.of("psn_no");
        }
        field.ifPresent(f -> LOG.warn("the centre's person answer is for another person ({} differs from the query); "
                + "not used nor cached (the cache stands in, as for a centre out of reach)", f));
        return field;
    }

    /** The centre's answer to the question put at {@code asked}, with what it does not hold yet added on top, cached. */
    private ObjectNode online(JsonNode answer, Presented presented, Instant asked) throws SQLException, UnreadableAnswer {
        if (answer.has("found") && !answer.path("found").asBoolean(false)) {
            throw new RefusedException(new Refusal(FlowReason.CENTRE_REFUSED, answer.path("err_msg").asText("")), null);
        }
        if (!answer.path("found").asBoolean(false) || !answer.path("output").isObject()) {
            throw new UnreadableAnswer("found / output");
        }
        ObjectNode output = (ObjectNode) answer.get("output").deepCopy();
        PersonSnapshot person;
        try {
            person = PersonJson.parse(output);
        } catch (RefusedException e) {
            throw new UnreadableAnswer(e.refusal().detail());
        }
        Instant now = settings.clock().instant();
        Optional<Set<String>> counted = countedClaims(output.get("term_claims"));
        output.remove(List.of("term_source", "term_synced_at", "term_claims"));
        persons.atomically(() -> { // a 2102 of this person committing in between would be lost from the figures
            List<AccumulatorDelta> settled = new ArrayList<>();
            List<AccumulatorDelta> reversed = new ArrayList<>();
            notCounted(person.psnNo(), counted, asked, settled, reversed);
            persons.remember(person, presented.query().cardNo(), Json.write(output), now, settled, reversed);
        });
        ObjectNode out = figures.liveOutput(persons.byPsnNo(person.psnNo()).orElseThrow());
        out.put("term_source", "online");
        out.put("term_synced_at", localTime(now));
        return out;
    }

    /** A time of the interface (yyyy-MM-dd HH:mm:ss) in the terminal's zone. */
    private String localTime(Instant instant) {
        return Timestamps.TIME.format(instant.atZone(settings.clock().getZone()));
    }

    /**
     * The local settlements and reversals whose claims the centre's figures do not hold yet: those
     * not in {@code counted} when the centre says which claims it counted ({@code term_claims}),
     * else those whose claim was not acknowledged by the time the centre was asked ({@code asked}):
     * a centre that does not say so is taken to count what it had acknowledged then. A claim
     * acknowledged while the answer was on its way may or may not be in it; it is added on top,
     * so at worst counted twice until the next answer (a balance shown too low), never left out
     * (a balance the person could overspend). {@code term_claims} rules out both.
     */
    private void notCounted(String psnNo, Optional<Set<String>> counted, Instant asked, List<AccumulatorDelta> settled,
                            List<AccumulatorDelta> reversed) throws SQLException {
        for (StoredSettlement s : settlements.ofPerson(psnNo)) {
            if (!counted(s.claimId(), counted, asked)) settled.add(s.delta());
            if (s.reversalClaimId().isPresent() && !counted(s.reversalClaimId().get(), counted, asked)) reversed.add(s.delta());
        }
    }

    private boolean counted(String claimId, Optional<Set<String>> counted, Instant asked) throws SQLException {
        return counted.isPresent() ? counted.get().contains(claimId) : ackedBy(claimId, asked);
    }

    /** The claim ids of the centre's {@code term_claims}, when it gives them (an array of strings). */
    private static Optional<Set<String>> countedClaims(JsonNode claims) {
        if (claims == null || !claims.isArray()) return Optional.empty();
        Set<String> ids = new HashSet<>();
        for (JsonNode id : claims) {
            if (!id.isTextual()) return Optional.empty();
            ids.add(id.asText());
        }
        return Optional.of(ids);
    }

    /** Whether the claim was acknowledged by {@code asked} (a claim purged after its retention was, long before). */
    private boolean ackedBy(String claimId, Instant asked) throws SQLException {
        Optional<StoredMessage> m = outbox.find(claimId);
        if (m.isEmpty()) return true;
        Instant answeredAt = m.get().answeredAt();
        return m.get().state() == MessageState.ACKED && (answeredAt == null || !answeredAt.isAfter(asked));
    }

    /**
     * Whether the person cached as a card's holder has the ID number the card (or the host sending
     * its number) gives, when both are known: a card number once answered with another person's
     * certno (typed by the host, offline) never answers for the chip that says otherwise.
     */
    private static boolean sameCertno(CachedPerson holder, String certno) {
        if (certno.isBlank()) return true;
        String cached = Json.parse(holder.personJson(), "人员缓存").at("/baseinfo/certno").asText("");
        return cached.isEmpty() || cached.equalsIgnoreCase(certno.strip());
    }

    private Optional<CachedPerson> cached(Presented.Query q) throws SQLException {
        if (!q.psnNo().isEmpty()) {
            Optional<CachedPerson> p = persons.byPsnNo(q.psnNo());
            if (p.isPresent()) return p;
        }
        if (!q.cardNo().isEmpty()) {
            Optional<CachedPerson> p = persons.byCardNo(q.cardNo()).filter(holder -> sameCertno(holder, q.certno()));
            if (p.isPresent()) return p;
        }
        return q.certno().isEmpty() ? Optional.empty() : persons.byCertno(q.certno());
    }
}
