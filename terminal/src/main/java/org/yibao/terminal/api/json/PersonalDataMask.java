package org.yibao.terminal.api.json;

/**
 * Masks personal data for output, logs and receipts: names keep the first and last character
 * (张*三, 张*), numbers (社会保障号码, card number, ecToken) the first and last four (3715**********1234).
 */
public final class PersonalDataMask {
    private PersonalDataMask() {
    }

    public static String name(String name) {
        if (name == null || name.isEmpty()) return "";
        int[] cps = name.codePoints().toArray();
        if (cps.length == 1) return "*";
        StringBuilder sb = new StringBuilder().appendCodePoint(cps[0]);
        if (cps.length == 2) return sb.append('*').toString();
        sb.append("*".repeat(cps.length - 2));
        return sb.appendCodePoint(cps[cps.length - 1]).toString();
    }

    public static String number(String number) {
        if (number == null || number.isEmpty()) return "";
        if (number.length() <= 8) return "*".repeat(number.length());
        return number.substring(0, 4) + "*".repeat(number.length() - 8) + number.substring(number.length() - 4);
    }
}
