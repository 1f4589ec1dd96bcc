package org.yibao.terminal.flow.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.envelope.Timestamps;
import org.yibao.terminal.api.http.Call;
import org.yibao.terminal.api.http.HandlerRegistry;
import org.yibao.terminal.api.http.Reply;
import org.yibao.terminal.api.json.DrugRequest;
import org.yibao.terminal.api.json.DrugRequestJson;
import org.yibao.terminal.api.json.JsonFields;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.SettlementHeader;
import org.yibao.terminal.api.json.SettlementJsonWriter;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.flow.CredentialCheck;
import org.yibao.terminal.flow.PersonFigures;
import org.yibao.terminal.flow.settle.SettleModule;
import org.yibao.terminal.flow.settle.SettleRequest;
import org.yibao.terminal.store.settlement.ClinicVisit;
import org.yibao.terminal.store.settlement.SettlementStore;
import org.yibao.terminal.store.settlement.VisitStore;

/**
 * The clinic flow (门诊; kiosks use it): 2201 挂号 gives a mdtrt_id; 2204 uploads fee lines
 * (kept on the visit; a feedetl_sn, compared as a number, is taken once per visit, and a line
 * already uploaded is refused 1026, and a line dated a day before the begntime the 2201 sent 1379) and answers
 * each line's split in {@code result[]};
 * 2206 / 2207 pre-settle and settle the visit's lines (med_type 11, or 14 with dise_codg; any
 * other is refused 1369, as the spec lists only those two) through exactly the same engine as 2101 / 2102; 2208 reverses like 2103. A visit is settled
 * at most once while its settlement stands (1368), and takes no more fees then (2204 refused 1368 too). The inputs' times (2201 begntime, 2204
 * fee_ocur_time), mdtrt_cert_type and term_selfpay_only are checked as 2101's are, before
 * anything is written, and a refusal names the field's path; so are the types of the text fields
 * (an object, array or boolean where text belongs is refused 1022, never read as "" or "true").
 */
public final class ClinicHandlers {
    /** The med_types of 2206 / 2207 in the spec: 11 普通门诊, 14 门诊慢特病. */
    private static final java.util.Set<String> CLINIC_MED_TYPES = java.util.Set.of("11", "14");
    /** Where 2201 / 2206 / 2207 carry their fields, for the path a refusal names. */
    private static final String DATA = "input.data";
    /** How often a 2204 is checked again when other 2204s of its visit keep committing first. */
    private static final int FEE_UPLOAD_ATTEMPTS = 5;

    private final SqliteDatabase database;
    private final SettlementStore settlements;
    private final VisitStore visits;
    private final PersonFigures persons;
    private final CredentialCheck credentials;
    private final Catalog catalog;
    private final CodeMap codeMap;
    private final SettleModule settle;
    private final FlowSettings settings;

    public ClinicHandlers(SqliteDatabase database, SettlementStore settlements, VisitStore visits, PersonFigures persons,
                          CredentialCheck credentials, Catalog catalog, CodeMap codeMap, SettleModule settle,
                          FlowSettings settings) {
        this.database = Objects.requireNonNull(database, "database");
        this.settlements = Objects.requireNonNull(settlements, "settlements");
        this.visits = Objects.requireNonNull(visits, "visits");
        this.persons = Objects.requireNonNull(persons, "persons");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.codeMap = Objects.requireNonNull(codeMap, "codeMap");
        this.settle = Objects.requireNonNull(settle, "settle");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Registers 2201, 2204, 2206, 2207 and 2208. */
    public void registerInto(HandlerRegistry registry) {
        registry.register("2201", this::register);
        registry.register("2204", this::uploadFees);
        registry.register("2206", call -> settle.engine().preSettle(call, request(call, false)));
        registry.register("2207", call -> settle.engine().settle(call, request(call, true)));
        registry.register("2208", settle.reversalHandler());
    }

    private Reply register(Call call) throws SQLException {
        JsonNode data = data(call);
        String psnNo = required(data, "psn_no");
        String insutype = required(data, "insutype");
        String otp = JsonFields.text(data, "ipt_otp_no", DATA);
        // only a begntime the host sent dates the visit (2204's 1379); the terminal's own clock would weigh its fees against another clock
        String begntime = DrugRequestJson.time(data, "begntime", DATA).map(t -> t.format(Timestamps.TIME)).orElse("");
        Optional<PersonSnapshot> person = persons.load(psnNo);
        if (person.isEmpty()) return refused(FlowReason.PERSON_NOT_IDENTIFIED, "psn_no");
        if (person.get().insurance(insutype).isEmpty()) {
            return refused(org.yibao.terminal.domain.settlement.SettlementReason.NOT_INSURED_FOR_INSUTYPE, "insutype " + insutype);
        }
        Optional<Refusal> credential = credentials.problem(call.envelope().opterType(), DrugRequestJson.mdtrtCertType(data, DATA),
                DrugRequestJson.mdtrtCertNo(data, DATA), person.get());
        if (credential.isPresent()) return new Reply.Refused(credential.get());
        String json = database.inSharedCommit(tx -> {
            String mdtrtId = settlements.nextMdtrtId(tx, settings.deviceId());
            visits.insert(tx, new ClinicVisit(mdtrtId, psnNo, insutype, otp, "[]", begntime), call.envelope().msgid().value());
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.putObject("data").put("mdtrt_id", mdtrtId).put("psn_no", psnNo).put("ipt_otp_no", otp);
            return call.recordSuccess(tx, out, "");
        });
        return new Reply.Recorded(json);
    }

    /**
     * 2204: the lines are checked against the visit's stored lines and added to them in one
     * commit. A 2204 of the same visit committing between the read and this commit is not lost:
     * the commit finds the visit's lines changed, writes nothing, and the upload is checked again
     * against the new lines (a few times; a visit that keeps changing is refused 1363).
     */
    private Reply uploadFees(Call call) throws SQLException {
        java.util.List<JsonNode> lines = DrugRequestJson.lineObjects(call.envelope().input().get("feedetail"), "input.feedetail");
        java.util.List<Optional<LocalDateTime>> feeTimes = new java.util.ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            feeTimes.add(DrugRequestJson.time(lines.get(i), "fee_ocur_time", "input.feedetail[" + i + "]"));
        }
        String mdtrtId = required(lines.get(0), "mdtrt_id", "input.feedetail[0]");
        for (int attempt = 0; attempt < FEE_UPLOAD_ATTEMPTS; attempt++) {
            Optional<Reply> reply = uploadFeesOnce(call, lines, feeTimes, mdtrtId);
            if (reply.isPresent()) return reply.get();
        }
        return refused(FlowReason.VISIT_FEES_CHANGED, "mdtrt_id " + mdtrtId);
    }

    /** One attempt of {@link #uploadFees}: empty when the visit's lines changed before the commit. */
    private Optional<Reply> uploadFeesOnce(Call call, java.util.List<JsonNode> lines,
                                           java.util.List<Optional<LocalDateTime>> feeTimes, String mdtrtId) throws SQLException {
        ClinicVisit visit = visit(mdtrtId);
        refuseIfSettled(mdtrtId);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode l = lines.get(i);
            String path = "input.feedetail[" + i + "]";
            if (!mdtrtId.equals(JsonFields.text(l, "mdtrt_id", path))) {
                return Optional.of(refused(FlowReason.VISIT_MISMATCH, path + ".mdtrt_id"));
            }
            if (!visit.psnNo().equals(sentOr(l, "psn_no", path, visit.psnNo()))) {
                return Optional.of(refused(FlowReason.VISIT_MISMATCH, path + ".psn_no"));
            }
        }
        JsonNode stored = Json.parse(visit.feesJson(), "费用明细");
        DrugRequest sent = DrugRequestJson.parseClinic(purchaseJson(visit, JsonNodeFactory.instance.arrayNode().addAll(
                lines), sentOr(lines.get(0), "med_type", "input.feedetail[0]", "11"), "", "0", null), "input.feedetail[0]",
                "input.feedetail",
                DrugRequestJson.feedetlSnNumbers(stored));
        Optional<Refusal> early = VisitTimes.feeBeforeVisit(feeTimes, visit.begntime(), "input.feedetail");
        if (early.isPresent()) return Optional.of(new Reply.Refused(early.get()));
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        stored.forEach(all::add);
        all.addAll(lines);
        ArrayNode result = FeeSplit.of(sent.purchase(), catalog, codeMap, LocalDateTime.now(settings.clock()).toLocalDate());
        Optional<String> json = database.inSharedCommit(tx -> {
            if (!visits.feesUnchanged(mdtrtId, visit.feesJson())) return Optional.<String>empty(); // nothing written
            refuseIfSettled(mdtrtId); // again in the commit: a 2207 of the visit may have committed since
            visits.setFees(tx, mdtrtId, Json.write(all));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.set("result", result);
            return Optional.of(call.recordSuccess(tx, out, ""));
        });
        return json.map(Reply.Recorded::new);
    }

    /**
     * The 2206 / 2207 asked for, on the visit's stored lines. A 2207 of a visit whose settlement
     * stands is refused 1368 before its other fields are weighed: whatever they say, the visit
     * does not settle again, and a cashier told to correct med_type or the total would only meet
     * 1368 next.
     */
    private SettleRequest request(Call call, boolean settling) throws SQLException {
        JsonNode data = data(call);
        String certType = DrugRequestJson.mdtrtCertType(data, DATA);
        boolean selfPay = DrugRequestJson.selfPayOnly(data, DATA);
        ClinicVisit visit = visit(required(data, "mdtrt_id"));
        if (!visit.psnNo().equals(required(data, "psn_no"))) {
            throw new RefusedException(new Refusal(FlowReason.VISIT_MISMATCH, "psn_no"), null);
        }
        if (settling) refuseIfSettled(visit.mdtrtId());
        JsonNode fees = Json.parse(visit.feesJson(), "费用明细");
        if (fees.isEmpty()) throw new RefusedException(new Refusal(FlowReason.NO_FEES, "mdtrt_id " + visit.mdtrtId()), null);
        String sentInsutype = sentOr(data, "insutype", DATA, "");
        String insutype = sentInsutype.isEmpty() ? visit.insutype() : sentInsutype; // "" is the spec's empty value: absent
        if (!insutype.equals(visit.insutype())) {
            throw new RefusedException(new Refusal(FlowReason.VISIT_MISMATCH, "insutype " + insutype), null);
        }
        String medType = required(data, "med_type");
        if (!CLINIC_MED_TYPES.contains(medType)) {
            throw new RefusedException(new Refusal(FlowReason.CLINIC_MED_TYPE, "med_type " + medType), null);
        }
        // the lines are those uploaded by 2204 (feedetail); the person's fields are this request's input.data
        DrugRequest r = DrugRequestJson.parseClinic(purchaseJson(visit, (ArrayNode) fees, medType,
                JsonFields.text(data, "dise_codg", DATA), sentOr(data, "acct_used_flag", DATA, "0"), data.get("medfee_sumamt")),
                DATA, "input.feedetail");
        return new SettleRequest(r.purchase(), certType, DrugRequestJson.mdtrtCertNo(data, DATA), selfPay,
                Optional.of(new SettleRequest.VisitFees(visit.mdtrtId(), visit.feesJson())), JsonFields.text(data, "invono", DATA),
                DrugRequestJson.declaredParts(data, "input.data"), "", "");
    }

    /** The visit's lines in the druginfo / drugdetail form the 2101 reader checks field by field. */
    private static ObjectNode purchaseJson(ClinicVisit visit, ArrayNode fees, String medType, String dise,
                                           String acctUsed, JsonNode medfee) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode info = root.putObject("druginfo");
        info.put("psn_no", visit.psnNo()).put("insutype", visit.insutype()).put("med_type", medType)
                .put("dise_codg", dise).put("acct_used_flag", acctUsed);
        if (medfee != null && !medfee.isNull()) info.set("medfee_sumamt", medfee);
        root.set("drugdetail", fees.deepCopy());
        return root;
    }

    private ClinicVisit visit(String mdtrtId) throws SQLException {
        return visits.find(mdtrtId)
                .orElseThrow(() -> new RefusedException(new Refusal(FlowReason.VISIT_NOT_FOUND, "mdtrt_id " + mdtrtId), null));
    }

    /**
     * Refuses (1368) fees for a visit whose settlement stands: they would be kept on the visit but
     * never settled, and the host would take them as accepted. After a 2208 the visit takes fees again.
     * A 2207 asks it first too, for the code only; the settlement's own check in its commit
     * ({@code SettleEngine}) is the one that holds when two 2207s race.
     */
    private void refuseIfSettled(String mdtrtId) throws SQLException {
        if (visits.hasLiveSettlement(mdtrtId)) throw new RefusedException(FlowReason.VISIT_ALREADY_SETTLED, "mdtrt_id " + mdtrtId);
    }

    /** {@code input.data}: absent or null is refused 1021, not an object 1022. */
    private static JsonNode data(Call call) {
        return JsonFields.requiredObject(call.envelope().input(), "data", "input");
    }

    private static String required(JsonNode data, String field) {
        return required(data, field, DATA);
    }

    /** The text at {@code parent.field}; "" or absent is refused 1021, a value that is not text 1022, naming {@code path.field}. */
    private static String required(JsonNode parent, String field, String path) {
        return JsonFields.requiredText(parent, field, path);
    }

    /**
     * The text at {@code parent.field} as {@link JsonFields#text} reads it (a value that is
     * not text refused 1022); {@code absent} when the host left the field out or sent null.
     */
    private static String sentOr(JsonNode parent, String field, String path, String absent) {
        return parent.hasNonNull(field) ? JsonFields.text(parent, field, path) : absent;
    }

    private static Reply refused(org.yibao.terminal.domain.ReasonCode reason, String detail) {
        return new Reply.Refused(new Refusal(reason, detail));
    }
}
