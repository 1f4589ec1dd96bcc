package org.yibao.terminal.identity.voucher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yibao.terminal.domain.Refusal;

/**
 * Step 1 of spec §1 field by field: each field at both ends of its form is accepted, one step
 * outside it is refused 1509 naming that field (so the cashier's message says which).
 */
class PayloadRulesTest {
    private static final VoucherPayload VALID = new VoucherPayload(1, "T".repeat(40), "43000012345678", "张*三", "01",
            "123X", "371500", "310", "11", "02121", 1_800_000_000L, 1_800_000_120L, "n".repeat(16));

    private static VoucherPayload with(UnaryOperator<Object[]> change) {
        Object[] f = {VALID.ver(), VALID.ecToken(), VALID.psnNo(), VALID.psnName(), VALID.psnCertType(),
                VALID.certnoTail(), VALID.insuplcAdmdvs(), VALID.insutype(), VALID.psnType(), VALID.biz(),
                VALID.iat(), VALID.exp(), VALID.nonce()};
        f = change.apply(f);
        return new VoucherPayload((int) f[0], (String) f[1], (String) f[2], (String) f[3], (String) f[4],
                (String) f[5], (String) f[6], (String) f[7], (String) f[8], (String) f[9], (long) f[10],
                (long) f[11], (String) f[12]);
    }

    private static UnaryOperator<Object[]> set(int field, Object value) {
        return f -> {
            f[field] = value;
            return f;
        };
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("ec_token 40", set(1, "!".repeat(40))),
                Arguments.of("ec_token 64", set(1, "~".repeat(64))),
                Arguments.of("psn_no 64", set(2, "P".repeat(64))),
                Arguments.of("psn_name 1", set(3, "张")),
                Arguments.of("psn_name 32", set(3, "张".repeat(32))),
                Arguments.of("psn_cert_type 8", set(4, "A1b2C3d4")),
                Arguments.of("certno_tail digits", set(5, "0099")),
                Arguments.of("insuplc_admdvs 0 and 9", set(6, "099990")),
                Arguments.of("biz 0 and 9", set(9, "09000")),
                Arguments.of("iat 0", set(10, 0L)),
                Arguments.of("iat 9999-12-31", set(10, PayloadRules.MAX_EPOCH)),
                Arguments.of("exp 0", set(11, 0L)),
                Arguments.of("exp 9999-12-31", set(11, PayloadRules.MAX_EPOCH)),
                Arguments.of("nonce 32", set(12, "z".repeat(32))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void fieldsAtTheEndsOfTheirFormAreAccepted(String what, UnaryOperator<Object[]> change) {
        assertEquals(Optional.empty(), PayloadRules.format(with(change)), what);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("ec_token", set(1, "T".repeat(39))),
                Arguments.of("ec_token", set(1, "T".repeat(65))),
                Arguments.of("ec_token", set(1, "T".repeat(39) + " ")),
                Arguments.of("ec_token", set(1, "T".repeat(39) + "\u007F")),
                Arguments.of("psn_no", set(2, "")),
                Arguments.of("psn_no", set(2, "P".repeat(65))),
                Arguments.of("psn_name", set(3, "")),
                Arguments.of("psn_name", set(3, "张".repeat(33))),
                Arguments.of("psn_name", set(3, "张\n三")),
                Arguments.of("psn_cert_type", set(4, "")),
                Arguments.of("psn_cert_type", set(4, "123456789")),
                Arguments.of("psn_cert_type", set(4, "0-1")),
                Arguments.of("certno_tail", set(5, "123")),
                Arguments.of("certno_tail", set(5, "12é4")),
                Arguments.of("insuplc_admdvs", set(6, "37150")),
                Arguments.of("insuplc_admdvs", set(6, "37150/")),
                Arguments.of("insuplc_admdvs", set(6, "37150:")),
                Arguments.of("insutype", set(7, "")),
                Arguments.of("insutype", set(7, "3一0")),
                Arguments.of("psn_type", set(8, "")),
                Arguments.of("biz", set(9, "0212")),
                Arguments.of("biz", set(9, "0212/")),
                Arguments.of("biz", set(9, "0212:")),
                Arguments.of("iat", set(10, -1L)),
                Arguments.of("iat", set(10, PayloadRules.MAX_EPOCH + 1)),
                Arguments.of("exp", set(11, -1L)),
                Arguments.of("exp", set(11, PayloadRules.MAX_EPOCH + 1)),
                Arguments.of("nonce", set(12, "n".repeat(15))),
                Arguments.of("nonce", set(12, "n".repeat(33))));
    }

    @ParameterizedTest(name = "{0} {index}")
    @MethodSource("refused")
    void aFieldOutsideItsFormIsRefusedByName(String field, UnaryOperator<Object[]> change) {
        Optional<Refusal> r = PayloadRules.format(with(change));
        assertEquals(Optional.of(VoucherReason.BAD_FIELD), r.map(Refusal::reason), field);
        assertEquals(Optional.of(field), r.map(Refusal::detail));
    }
}
