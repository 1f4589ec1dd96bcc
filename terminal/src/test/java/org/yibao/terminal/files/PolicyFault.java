package org.yibao.terminal.files;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fault in an otherwise valid policy file (spec/policy-and-catalog.md "Policy file"; the
 * 12xx codes), with the code and the key path the refusal must name ({@code null} when the
 * fault is in the YAML itself and the refusal names a line and column, or when any 12xx will do).
 */
enum PolicyFault {
    MISSING_DEDUCTIBLE("1203"), MISSING_VERSION("1203"), MISSING_OFFLINE("1203"), MISSING_FUND_PAY_TYPE("1203"),
    UNKNOWN_KEY("1204"), DEDUCTIBLE_QUOTED("1205"), VERSION_UNQUOTED("1205"), RATIO_QUOTED("1205"),
    DEDUCTIBLE_NEGATIVE("1206"), DEDUCTIBLE_FRACTIONAL_FEN("1206"), CAP_NEGATIVE("1206"),
    RATIO_ABOVE_ONE("1207"), RATIO_NEGATIVE("1207"), RATIO_FIVE_DECIMALS("1207"), UPTO_NOT_INCREASING("1208"),
    UNKNOWN_GROUP("1209"), DUPLICATE_ID("1210"), BAD_HOSP_LV("1211"), EMPTY_MED_TYPE("1211"), ROUNDING("1212"),
    EFFECTIVE_IMPOSSIBLE("1213"), ADMDVS_SHORT("1213"), FUND_PAY_TYPE_UNKNOWN("1214"), MAY_PAY_UNKNOWN("1215"),
    MAX_HOURS_NEGATIVE("1217"), EMPTY_FILE("1202"), NOT_UTF8("1202"), TAB_INDENT("1202"), DUPLICATE_KEY("1202"),
    TRUNCATED(null);

    final String code;

    PolicyFault(String code) {
        this.code = code;
    }

    /** The faulty file: bytes, the expected code (null: any 12xx) and the key path to name (null: a line and column). */
    record Made(byte[] bytes, String code, String path) {}

    /** The fault made in {@code p}'s file, or empty when this policy has no place for it (e.g. no account). */
    Optional<Made> make(PolicyModel p, Random r) {
        String y = p.yaml();
        List<PolicyModel.Rule> rules = p.rules();
        int i = r.nextInt(rules.size());
        String rule = "rules[" + i + "]";
        PolicyModel.Rule ru = rules.get(i);
        String s;
        String path;
        switch (this) {
            case MISSING_DEDUCTIBLE -> {
                if (ru.perDisease()) return Optional.empty();
                s = inRule(y, i, "    deductible: [^\\n]*\\n", "");
                path = rule + ".deductible";
            }
            case MISSING_VERSION -> {
                s = y.replaceFirst("version: [^\\n]*\\n", "");
                path = "version";
            }
            case MISSING_OFFLINE -> {
                s = y.substring(0, y.indexOf("offline:"));
                path = "offline";
            }
            case MISSING_FUND_PAY_TYPE -> {
                s = inRule(y, i, "    fund_pay_type: [^\\n]*\\n", "");
                path = rule + ".fund_pay_type";
            }
            case UNKNOWN_KEY -> {
                s = inRule(y, i, "    accu_group: ", "    remark: \"备注\"\n    accu_group: ");
                path = rule + ".remark";
            }
            case DEDUCTIBLE_QUOTED, DEDUCTIBLE_NEGATIVE, DEDUCTIBLE_FRACTIONAL_FEN -> {
                if (ru.perDisease()) return Optional.empty();
                String v = switch (this) {
                    case DEDUCTIBLE_QUOTED -> "\"" + ru.flat().deductible().toPlainString() + "\"";
                    case DEDUCTIBLE_NEGATIVE -> "-" + ru.flat().deductible().add(java.math.BigDecimal.ONE).toPlainString();
                    default -> ru.flat().deductible().setScale(2) + "1";
                };
                s = inRule(y, i, "    deductible: [^\\n]*\\n", "    deductible: " + v + "\n");
                path = rule + ".deductible";
            }
            case CAP_NEGATIVE -> {
                if (ru.perDisease()) return Optional.empty();
                s = inRule(y, i, "    segments:\\n", "    annual_cap: -0.01\n    segments:\n");
                if (!ru.flat().annualCap().keyAbsent()) return Optional.empty();
                path = rule + ".annual_cap";
            }
            case VERSION_UNQUOTED -> {
                s = y.replaceFirst("version: \"([^\"]*)\"", "version: 2026.10");
                path = "version";
            }
            case RATIO_QUOTED, RATIO_ABOVE_ONE, RATIO_NEGATIVE, RATIO_FIVE_DECIMALS -> {
                if (ru.perDisease()) return Optional.empty();
                String v = switch (this) {
                    case RATIO_QUOTED -> "\"0.5\"";
                    case RATIO_ABOVE_ONE -> "1.0001";
                    case RATIO_NEGATIVE -> "-0.1";
                    default -> "0.12345";
                };
                s = inRule(y, i, "ratio: [^}]*}", "ratio: " + v + "}");
                path = rule + ".segments[0].ratio";
            }
            case UPTO_NOT_INCREASING -> {
                if (ru.perDisease()) return Optional.empty();
                s = inRule(y, i, "\\{upto: [^,]*,", "{upto: 0,");
                path = rule + ".segments[0].upto";
            }
            case UNKNOWN_GROUP -> {
                s = inRule(y, i, "    accu_group: [^\\n]*\\n", "    accu_group: nosuch\n");
                path = rule + ".accu_group";
            }
            case DUPLICATE_ID -> {
                if (i == 0) return Optional.empty();
                s = y.replace("  - id: " + ru.id() + "\n", "  - id: " + rules.getFirst().id() + "\n");
                path = rule + ".id";
            }
            case BAD_HOSP_LV -> {
                if (ru.when().hospLvs().isPresent()) return Optional.empty();
                s = ru.when().isEmpty() ? inRule(y, i, "    accu_group: ", "    when: {hosp_lv: [\"4\"]}\n    accu_group: ")
                        : inRule(y, i, "    when: \\{", "    when: {hosp_lv: [\"1\", \"药店\"], ");
                path = rule + ".when.hosp_lv[" + (ru.when().isEmpty() ? 0 : 1) + "]";
            }
            case EMPTY_MED_TYPE -> {
                if (ru.when().medTypes().isPresent() || ru.when().isEmpty()) return Optional.empty();
                s = inRule(y, i, "    when: \\{", "    when: {med_type: [], ");
                path = rule + ".when.med_type";
            }
            case ROUNDING -> {
                s = y.replaceFirst("effective: ([^\\n]*)\\n", "effective: $1\nrounding: HALF_EVEN\n").replace("rounding: HALF_UP\n", "");
                path = "rounding";
            }
            case EFFECTIVE_IMPOSSIBLE -> {
                s = y.replaceFirst("effective: [^\\n]*\\n", "effective: 2026-02-30\n");
                path = "effective";
            }
            case ADMDVS_SHORT -> {
                s = y.replaceFirst("admdvs: \"\\d+\"", "admdvs: \"37150\"");
                path = "admdvs";
            }
            case FUND_PAY_TYPE_UNKNOWN -> {
                s = inRule(y, i, "    fund_pay_type: \"[^\"]*\"", "    fund_pay_type: \"999999\"");
                path = rule + ".fund_pay_type";
            }
            case MAY_PAY_UNKNOWN -> {
                if (ru.mayPay().isEmpty()) return Optional.empty();
                s = inRule(y, i, "may_pay: \\[", "may_pay: [cash, ");
                path = rule + ".account.may_pay[0]";
            }
            case MAX_HOURS_NEGATIVE -> {
                s = y.replace("max_hours: 72", "max_hours: -1");
                path = "offline.max_hours";
            }
            case EMPTY_FILE -> {
                return Optional.of(new Made(new byte[0], code, null));
            }
            case NOT_UTF8 -> {
                byte[] gbk = ("# 政策说明\n" + y).getBytes(Charset.forName("GBK"));
                return Optional.of(new Made(gbk, code, null));
            }
            case TAB_INDENT -> {
                s = y.replace("\n  max_hours:", "\n\tmax_hours:");
                path = null;
            }
            case DUPLICATE_KEY -> {
                s = inRule(y, i, "    accu_group: ([^\\n]*)\\n", "    accu_group: $1\n    accu_group: $1\n");
                path = null;
            }
            case TRUNCATED -> {
                String whole = y.stripTrailing();
                return Optional.of(new Made(whole.substring(0, r.nextInt(whole.length())).getBytes(StandardCharsets.UTF_8), null, null));
            }
            default -> throw new IllegalStateException(name());
        }
        if (s.equals(y)) throw new IllegalStateException(this + " changed nothing in\n" + y);
        return Optional.of(new Made(s.getBytes(StandardCharsets.UTF_8), code, path));
    }

    /** {@code y} with the first match of {@code regex} inside rule {@code i}'s block replaced. */
    private static String inRule(String y, int i, String regex, String replacement) {
        int from = nth(y, "\n  - id: ", i);
        int to = nth(y, "\n  - id: ", i + 1);
        to = (to < 0 ? y.indexOf("\noffline:") : to) + 1; // the block keeps its last line end
        String block = y.substring(from, to);
        Matcher m = Pattern.compile(regex).matcher(block);
        if (!m.find()) return y;
        String changed = block.substring(0, m.start()) + m.group().replaceFirst(regex, replacement) + block.substring(m.end());
        return y.substring(0, from) + changed + y.substring(to);
    }

    private static int nth(String s, String what, int n) {
        int at = -1;
        for (int k = 0; k <= n; k++) {
            at = s.indexOf(what, at + 1);
            if (at < 0) return -1;
        }
        return at;
    }
}
