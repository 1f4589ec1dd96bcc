package org.yibao.terminal.flow;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.api.envelope.OpterType;
import org.yibao.terminal.api.json.Json;
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
 * number (1373: a kiosk never acts on a psn_no alone); an ID number given as the credential must be
 * the person's own (for a person known only from a voucher, which carries the last four characters
 * of it, one ending with those four; with neither, it cannot be checked and is refused), and a card number or a voucher's ecToken one this terminal identified the
 * person by (1309: one person's credential against another person's psn_no); and a voucher
 * revoked since the scan that identified the person is refused as the scan would be now
 * (1520 its ecToken, 1521 its holder: spec step 5 asked again when the voucher is used).
 */
public final class CredentialCheck {
    private final PersonStore persons;
    private final Optional<VoucherDecoder> vouchers;

    /** {@code vouchers}: the scanner's decoder, when one is fitted (it keeps the revocations). */
    public CredentialCheck(PersonStore persons, Optional<VoucherDecoder> vouchers) {
        this.persons = Objects.requireNonNull(persons, "persons");
        this.vouchers = Objects.requireNonNull(vouchers, "vouchers");
    }

    /** The refusal for credential {@code type} / {@code number} naming {@code person}; empty when they fit. */
    public Optional<Refusal> problem(OpterType opterType, String type, String number, PersonSnapshot person) throws SQLException {
        Optional<Refusal> kiosk = kioskProblem(opterType, type, number);
        if (kiosk.isPresent() || number.isEmpty()) return kiosk;
        return switch (type) {
            case "02" -> idNumberProblem(number, person);
            case "03" -> persons.holderOfCard(number).map(person.psnNo()::equals).orElse(false) ? Optional.empty()
                    : mismatch("mdtrt_cert_no 不是本机识别该人员时所用的社会保障卡");
            case "01" -> persons.holderOfVoucher(number).map(person.psnNo()::equals).orElse(false)
                    ? vouchers.flatMap(v -> v.revokedSince(number, person.psnNo()))
                    : mismatch("mdtrt_cert_no 不是本机识别该人员时所用的医保电子凭证");
            default -> Optional.empty();
        };
    }

    private Optional<Refusal> idNumberProblem(String number, PersonSnapshot person) throws SQLException {
        if (!person.certno().isEmpty()) {
            return number.equalsIgnoreCase(person.certno()) ? Optional.empty() : mismatch("mdtrt_cert_no 与人员的身份证号不符");
        }
        String tail = voucherTail(person.psnNo());
        if (tail.isEmpty()) return mismatch("本机不知道该人员的身份证号，无从核对 mdtrt_cert_no，请刷卡或扫医保电子凭证");
        return number.length() >= tail.length() && number.regionMatches(true, number.length() - tail.length(), tail, 0, tail.length())
                ? Optional.empty() : mismatch("mdtrt_cert_no 的末四位与该人员医保电子凭证上的不符");
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
