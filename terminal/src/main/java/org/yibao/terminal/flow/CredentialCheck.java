package org.yibao.terminal.flow;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yibao.terminal.api.envelope.OpterType;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.JsonInputReason;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.settlement.PersonSnapshot;
import org.yibao.terminal.domain.settlement.SettlementReason;
import org.yibao.terminal.flow.identify.VoucherPerson;
import org.yibao.terminal.identity.voucher.VoucherDecoder;
import org.yibao.terminal.store.person.CachedPerson;
import org.yibao.terminal.store.person.PersonStore;

/**
 * Whether the credential a request names fits the person it names, for every request that acts
 * on an identified person (2101/2102, 2201, 2206/2207). A kiosk (opter_type 2) works on a
 * 社会保障卡 (03) or a 医保电子凭证 (01) only, never on a typed ID number (1370), and must name its
 * number (1373: a kiosk never acts on a psn_no alone); a number sent without its type is a
 * missing field (1021), as in 1101; an ID number given as the credential must be the person's own
 * (for a person known only from a voucher, which carries the last four characters of it, a
 * 居民身份证 number ending with those four; with neither, it cannot be checked and is refused), and
 * a card number or a voucher's ecToken one this terminal identified the person by (an ecToken
 * for a day after its 1101; 1309: one person's credential against another person's psn_no); and a voucher
 * revoked since the scan that identified the person is refused as the scan would be now
 * (1520 its ecToken, 1521 its holder: spec step 5 asked again when the voucher is used).
 */
public final class CredentialCheck {
    /** A 居民身份证 number: 17 digits and a check digit or X, or the old 15 digits. */
    private static final Pattern ID_NUMBER = Pattern.compile("\\d{17}[\\dXx]|\\d{15}");
    private final PersonStore persons;
    private final Optional<VoucherDecoder> vouchers;
    private final Clock clock;

    /**
     * {@code vouchers}: the scanner's decoder, when one is fitted (it keeps the revocations);
     * {@code clock}: the time a voucher's ecToken is held against (it answers for its holder a day).
     */
    public CredentialCheck(PersonStore persons, Optional<VoucherDecoder> vouchers, Clock clock) {
        this.persons = Objects.requireNonNull(persons, "persons");
        this.vouchers = Objects.requireNonNull(vouchers, "vouchers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The refusal for credential {@code type} / {@code number} naming {@code person}; empty when they fit. */
    public Optional<Refusal> problem(OpterType opterType, String type, String number, PersonSnapshot person) throws SQLException {
        Optional<Refusal> kiosk = kioskProblem(opterType, type, number);
        if (kiosk.isPresent() || number.isEmpty()) return kiosk;
        if (type.isEmpty()) return Optional.of(new Refusal(JsonInputReason.MISSING_FIELD, "mdtrt_cert_type（已填 mdtrt_cert_no）"));
        return switch (type) {
            case "02" -> idNumberProblem("mdtrt_cert_no", number, person);
            case "03" -> persons.holderOfCard(number).map(person.psnNo()::equals).orElse(false) ? Optional.empty()
                    : mismatch("mdtrt_cert_no 不是本机识别该人员时所用的社会保障卡");
            case "01" -> persons.holderOfVoucher(number, clock.instant()).map(person.psnNo()::equals).orElse(false)
                    ? vouchers.flatMap(v -> v.revokedSince(number, person.psnNo()))
                    : mismatch("mdtrt_cert_no 不是本机识别该人员时所用的医保电子凭证");
            default -> Optional.empty();
        };
    }

    /**
     * The refusal for a request's {@code certno} (2101/2102's druginfo) that is another person's
     * 居民身份证 number ({@code psnCertType} 01 or empty; another kind of certificate is not compared):
     * a request about two people, refused as an ID number credential would be; empty when it fits,
     * when none is sent, or when the terminal knows the person's ID number in neither form.
     */
    public Optional<Refusal> certnoProblem(String psnCertType, String certno, PersonSnapshot person) throws SQLException {
        if (certno.isEmpty() || !(psnCertType.isEmpty() || psnCertType.equals("01"))) return Optional.empty();
        if (person.certno().isEmpty() && voucherTail(person.psnNo()).isEmpty()) return Optional.empty();
        return idNumberProblem("certno", certno, person);
    }

    /**
     * {@code number} in {@code field}, an ID number: the person's own; for a person known only from a
     * voucher, a 居民身份证 number ending with the voucher's four characters.
     */
    private Optional<Refusal> idNumberProblem(String field, String number, PersonSnapshot person) throws SQLException {
        if (!person.certno().isEmpty()) {
            return number.equalsIgnoreCase(person.certno()) ? Optional.empty() : mismatch(field + " 与人员的身份证号不符");
        }
        String tail = voucherTail(person.psnNo());
        if (tail.isEmpty()) return mismatch("本机不知道该人员的身份证号，无从核对 " + field + "，请刷卡或扫医保电子凭证");
        if (!ID_NUMBER.matcher(number).matches()) return mismatch(field + " 不是居民身份证号（18 位，或旧的 15 位）");
        return number.regionMatches(true, number.length() - tail.length(), tail, 0, tail.length())
                ? Optional.empty() : mismatch(field + " 的末四位与该人员医保电子凭证上的不符");
    }

    /** The last characters of the ID number the voucher that identified {@code psnNo} gave, when only a voucher did. */
    private String voucherTail(String psnNo) throws SQLException {
        Optional<CachedPerson> cached = persons.byPsnNo(psnNo);
        if (cached.isEmpty()) return "";
        return Json.parse(cached.get().personJson(), "人员缓存").path(VoucherPerson.CERTNO_TAIL).asText("");
    }

    private static Optional<Refusal> kioskProblem(OpterType opterType, String type, String number) {
        if (opterType != OpterType.KIOSK) return Optional.empty();
        if (!type.equals("01") && !type.equals("03")) {
            return Optional.of(new Refusal(FlowReason.KIOSK_ID_NUMBER, "mdtrt_cert_type " + (type.isEmpty() ? "未填" : type)));
        }
        return number.isEmpty() ? Optional.of(new Refusal(FlowReason.KIOSK_NO_CREDENTIAL, "mdtrt_cert_no 为空")) : Optional.empty();
    }

    private static Optional<Refusal> mismatch(String detail) {
        return Optional.of(new Refusal(SettlementReason.PERSON_MISMATCH, detail));
    }
}
