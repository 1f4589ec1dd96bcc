package org.yibao.terminal.flow.identify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.yibao.drivers.indicator.Indicators;
import org.yibao.drivers.indicator.Signal;
import org.yibao.terminal.api.envelope.OpterType;
import org.yibao.terminal.api.http.Call;
import org.yibao.terminal.api.http.Reply;
import org.yibao.terminal.api.http.TransactionHandler;
import org.yibao.terminal.api.json.DrugRequestJson;
import org.yibao.terminal.api.json.JsonFields;
import org.yibao.terminal.api.json.IdentifyRequestJson;
import org.yibao.terminal.api.json.JsonInputReason;
import org.yibao.terminal.domain.ReasonCode;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.identity.card.CardReason;
import org.yibao.terminal.identity.voucher.VoucherDecoder;
import org.yibao.terminal.identity.voucher.VoucherOutcome;
import org.yibao.terminal.identity.voucher.VoucherReason;

/**
 * 1101 人员信息获取. With {@code mdtrt_cert_no} given, the host's number is used as
 * {@code mdtrt_cert_type} (then required, 1021) says: 02 ID number, 03 card number + card_sn
 * (then required), 01 ecToken (or the whole QR, when the host's own scanner read it: verified
 * as a scan). With it empty and {@code term_wait_s} &gt; 0 the terminal waits
 * that long for a card or a QR, whichever comes first (a type 03 or 01 narrows it to one).
 * {@code term_wait_s} is whole seconds from 0 to the settings' bound
 * ({@link FlowSettings#maxIdentifyWait()}, 60 s in service), else refused (1022, 1024, 1030)
 * before anything waits. A kiosk (opter_type 2) identifies by card or QR only: a typed ID number
 * is refused (1370). The answer is the person with live figures, {@code term_source},
 * {@code term_synced_at} and {@code term_certinfo} (the credential used), unmasked as the
 * national platform answers it: the host prints the name on its own documents and sends the ID
 * number back in 2101/2102 (masking is for logs, receipts and diagnostics).
 */
public final class IdentifyHandler implements TransactionHandler {
    private static final String DATA = "input.data";
    /**
     * Refusals that are the terminal's, not the person's: a reader or scanner missing, unplugged or
     * not configured, the reader service down, the voucher store unusable. Each needs staff, so the
     * indicators show the fault (red blinking, three long beeps), not a refusal of the card or code.
     */
    private static final Set<ReasonCode> DEVICE_FAULTS = Set.of(CardReason.NO_READER,
            CardReason.READER_SERVICE_UNAVAILABLE, CardReason.READER_GONE, FlowReason.NO_DEVICE,
            FlowReason.SCANNER_OFFLINE, VoucherReason.REPLAY_STORE_UNAVAILABLE);
    private final IdentityWait wait;
    private final PersonLookup lookup;
    private final Indicators indicators;
    private final FlowSettings settings;
    private final Optional<VoucherDecoder> vouchers;

    /** {@code vouchers}: the scanner's decoder, when one is fitted (it keeps the revocation list). */
    public IdentifyHandler(IdentityWait wait, PersonLookup lookup, Indicators indicators, FlowSettings settings,
                           Optional<VoucherDecoder> vouchers) {
        this.vouchers = Objects.requireNonNull(vouchers, "vouchers");
        this.wait = Objects.requireNonNull(wait, "wait");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.indicators = Objects.requireNonNull(indicators, "indicators");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Reply handle(Call call) throws SQLException {
        try {
            Presented presented = presented(call);
            PersonLookup.Found found = lookup.find(presented);
            revokedToken(presented, found);
            ObjectNode out = PersonOutputShape.complete(found.output());
            out.set("term_certinfo", certInfo(presented));
            return new Reply.Success(out, found.fallback().map(why -> warning(why, out)).orElse(""));
        } catch (RefusedException e) {
            // A wait the host asked for again is no refusal at the counter: the newer one waits on for the same person;
            // nor is one the person ended with the kiosk button.
            if (e.refusal().reason() != FlowReason.WAIT_SUPERSEDED && e.refusal().reason() != FlowReason.WAIT_CANCELLED) {
                indicators.signal(DEVICE_FAULTS.contains(e.refusal().reason()) ? Signal.FAULT : Signal.REFUSAL);
            }
            return new Reply.Refused(e.refusal());
        } catch (SQLException | RuntimeException e) { // answered 1019 (or a host failure): the terminal needs staff
            indicators.signal(Signal.FAULT);
            throw e;
        }
    }

    /**
     * An ecToken the host sent (01, a QR it decoded itself) on the revocation list, or naming a
     * person on it, is refused as the QR would be on the scanner (spec step 5: 1520, 1521).
     */
    private void revokedToken(Presented presented, PersonLookup.Found found) {
        if (!(presented instanceof Presented.Sent sent) || !sent.certType().equals("01")) return;
        String psnNo = found.output().path("baseinfo").path("psn_no").asText("");
        Optional<Refusal> revoked = vouchers.flatMap(v -> v.revokedSince(sent.query().mdtrtCertNo(), psnNo));
        if (revoked.isPresent()) throw new RefusedException(revoked.get(), null);
    }

    private Presented presented(Call call) {
        JsonNode data = JsonFields.requiredObject(call.envelope().input(), "data", "input");
        boolean kiosk = call.envelope().opterType() == OpterType.KIOSK;
        String type = JsonFields.text(data, "mdtrt_cert_type", DATA);
        String no = DrugRequestJson.mdtrtCertNo(data, DATA);
        long waitSeconds = IdentifyRequestJson.waitSeconds(data, "input.data", settings.maxIdentifyWait().toSeconds());
        // an ID number at a kiosk is the kiosk's refusal, with or without the number (not 1021 asking for it)
        if (kiosk && type.equals("02")) throw refusal(FlowReason.KIOSK_ID_NUMBER, "mdtrt_cert_type 02");
        if (no.isEmpty()) return awaited(waitSeconds, type); // no type: a card or a QR, whichever comes
        if (type.isEmpty()) throw new RefusedException(JsonInputReason.MISSING_FIELD, "input.data.mdtrt_cert_type");
        return switch (type) {
            case "02" -> new Presented.Sent("02", new Presented.Query(idNumber(data, no), "", no, "", ""));
            case "03" -> new Presented.Sent("03", new Presented.Query(JsonFields.text(data, "certno", DATA), "", no,
                    cardSn(data), no));
            case "01" -> scannedByTheHost(no).orElseGet(() -> new Presented.Sent("01", new Presented.Query("", "", no, "", "")));
            default -> throw refusal(FlowReason.BAD_CERT_TYPE, "mdtrt_cert_type " + type);
        };
    }

    /**
     * A whole QR the host's own scanner read, sent as {@code mdtrt_cert_no} where the interface
     * wants the ecToken: verified as the terminal's scanner would have (signature, time, nonce
     * recorded, revocation), so it is the voucher, not an unknown ecToken. Empty for an ecToken,
     * or when no decoder is fitted.
     */
    private Optional<Presented> scannedByTheHost(String no) {
        if (vouchers.isEmpty() || !vouchers.get().recognizes(no)) return Optional.empty();
        return switch (vouchers.get().decode(no, settings.clock().instant())) {
            case VoucherOutcome.Accepted a -> Optional.of(new Presented.Voucher(a.voucher()));
            case VoucherOutcome.Refused r -> throw new RefusedException(r.refusal(), null);
        };
    }

    /** The warn_msg of an answer the centre's did not give: why not, and what stood in. */
    private static String warning(PersonLookup.Fallback why, ObjectNode out) {
        if (VoucherPerson.SOURCE.equals(out.path("term_source").asText())) {
            return why.text() + "，人员信息取自医保电子凭证（险种、人员类别）；账户余额与年度累计未知，按脱机限额结算";
        }
        return why.text() + "，人员信息为本机缓存（" + out.path("term_synced_at").asText() + "）";
    }

    /**
     * The credential the person was identified by, as the host sends it back in 2101/2102: the
     * terminal may have read the card or the QR itself ({@code term_wait_s}), so the host has no
     * other way to know the card number, its 卡识别码 or the ecToken.
     */
    private static ObjectNode certInfo(Presented presented) {
        Presented.Query query = presented.query();
        return JsonNodeFactory.instance.objectNode().put("mdtrt_cert_type", presented.certType())
                .put("mdtrt_cert_no", query.mdtrtCertNo()).put("card_sn", query.cardSn());
    }

    /**
     * The ID number {@code no} sent as mdtrt_cert_no (02); a {@code certno} of the same kind of
     * certificate (psn_cert_type 01 居民身份证, or none) must be the same number, else the request
     * names two people (1028).
     */
    private static String idNumber(JsonNode data, String no) {
        String certno = JsonFields.text(data, "certno", DATA);
        String certType = JsonFields.text(data, "psn_cert_type", DATA);
        boolean sameKind = certType.isEmpty() || certType.equals("01");
        if (sameKind && !certno.isEmpty() && !certno.equalsIgnoreCase(no)) {
            throw new RefusedException(JsonInputReason.BAD_VALUE, "input.data.certno 与 mdtrt_cert_no 不是同一个身份证号码");
        }
        return no;
    }

    /** The card's 卡识别码, which a card number (mdtrt_cert_type 03) must come with. */
    private static String cardSn(JsonNode data) {
        String cardSn = JsonFields.text(data, "card_sn", DATA);
        if (cardSn.isEmpty()) throw new RefusedException(JsonInputReason.MISSING_FIELD, "input.data.card_sn（社会保障卡须同时提供卡识别码）");
        return cardSn;
    }

    private Presented awaited(long seconds, String type) {
        if (seconds == 0) throw new RefusedException(JsonInputReason.MISSING_FIELD, "input.data.mdtrt_cert_no（或 term_wait_s）");
        if (type.equals("02")) {
            throw new RefusedException(JsonInputReason.MISSING_FIELD, "input.data.mdtrt_cert_no（身份证号须录入，读卡器和扫码器读不到）");
        }
        if (!type.isEmpty() && !type.equals("01") && !type.equals("03")) throw refusal(FlowReason.BAD_CERT_TYPE, "mdtrt_cert_type " + type);
        Duration bound = Duration.ofSeconds(seconds);
        boolean card = type.isEmpty() || type.equals("03");
        boolean scan = type.isEmpty() || type.equals("01");
        return switch (wait.await(bound, card, scan, () -> LocalDate.now(settings.clock()))) {
            case IdentityWait.Result.Got got -> got.presented();
            case IdentityWait.Result.None none -> throw new RefusedException(none.refusal(), null);
        };
    }

    private static RefusedException refusal(FlowReason reason, String detail) {
        return new RefusedException(new Refusal(reason, detail), null);
    }

    /** The terminal is stopping: a 1101 waiting for a card or QR is answered now (1352), not cut off. */
    public void stopWaits() {
        wait.stopAll();
    }
}
