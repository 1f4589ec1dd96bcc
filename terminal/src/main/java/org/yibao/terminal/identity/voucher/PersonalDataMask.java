package org.yibao.terminal.identity.voucher;

/**
 * Masks personal data for logs and screens: a name keeps its first and (from three
 * characters on) last character, 张三 to 张*, 张三丰 to 张*丰; a token or number keeps its
 * first and last four characters, 371523199001011234 to 3715**********1234.
 */
public final class PersonalDataMask {
    private PersonalDataMask() {
    }

    /** The masked form of an ecToken, card or certificate number; "-" when absent. */
    public static String token(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        if (value.length() <= 8) {
            return "*".repeat(value.length());
        }
        return value.substring(0, 4) + "*".repeat(value.length() - 8) + value.substring(value.length() - 4);
    }

    /** The masked form of a person's name; idempotent on names already masked. */
    public static String name(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        int[] cps = value.codePoints().toArray();
        if (cps.length == 1) {
            return "*";
        }
        StringBuilder masked = new StringBuilder().appendCodePoint(cps[0]);
        if (cps.length == 2) {
            return masked.append('*').toString();
        }
        masked.append("*".repeat(cps.length - 2));
        return masked.appendCodePoint(cps[cps.length - 1]).toString();
    }
}
