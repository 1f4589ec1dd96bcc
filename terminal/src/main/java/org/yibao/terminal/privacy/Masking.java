package org.yibao.terminal.privacy;

/**
 * Masks personal data for receipts, logs, CLI output and diagnostics. Pure and total (null
 * gives ""), idempotent on values already masked, and counts code points, so a rare
 * character outside the BMP is one character.
 * <ul>
 * <li>a name keeps its first and last character: 张某三 → 张*三, 欧阳娜娜 → 欧**娜, 张三 → 张*,
 *     a one-character name → *;</li>
 * <li>a number or token (社会保障号码, card number, ecToken) keeps its first 4 and last 4
 *     characters: 371523199001011234 → 3715**********1234; a shorter one keeps fewer, a quarter
 *     of its length at each end, so that at least half is hidden (a 9-character 港澳通行证
 *     H12345678 → H1*****78, not H123*5678); 8 characters or fewer are masked whole;</li>
 * <li>a 社会保障卡 card number (9-10 characters, e.g. D37150201) keeps its first character and its
 *     last 2: D******01 (first 4 and last 4 would show 8 of its 9); fewer than 6 are masked whole, so that
 *     at least half is hidden (D**34 would show 3 of 5).</li>
 * </ul>
 */
public final class Masking {
    private Masking() {
    }

    /** The masked name. */
    public static String name(String value) {
        if (value == null || value.isEmpty()) return "";
        int[] cps = value.strip().codePoints().toArray();
        if (cps.length == 0) return "";
        if (cps.length == 1) return "*";
        StringBuilder sb = new StringBuilder().appendCodePoint(cps[0]);
        if (cps.length == 2) return sb.append('*').toString();
        return sb.append("*".repeat(cps.length - 2)).appendCodePoint(cps[cps.length - 1]).toString();
    }

    /** The masked 社会保障卡 card number. */
    public static String cardNo(String value) {
        if (value == null || value.isEmpty()) return "";
        int[] cps = value.strip().codePoints().toArray();
        if (cps.length < 6) return "*".repeat(cps.length); // D12*45 would show 4 of 5: at least half stays hidden
        return new StringBuilder().appendCodePoint(cps[0]).append("*".repeat(cps.length - 3))
                .appendCodePoint(cps[cps.length - 2]).appendCodePoint(cps[cps.length - 1]).toString();
    }

    /** The masked certificate number, card number or token. */
    public static String number(String value) {
        if (value == null || value.isEmpty()) return "";
        int[] cps = value.strip().codePoints().toArray();
        if (cps.length <= 8) return "*".repeat(cps.length);
        int keep = Math.min(4, cps.length / 4);
        return new String(cps, 0, keep) + "*".repeat(cps.length - 2 * keep) + new String(cps, cps.length - keep, keep);
    }
}
