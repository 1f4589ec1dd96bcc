package org.yibao.terminal.domain.catalog;

/** chrgitm_lv: 01 甲类 (fully in scope), 02 乙类 (first self-pay ratio), 03 丙类 (full self-pay). */
public enum ChargeLevel {
    A("01", "甲"), B("02", "乙"), C("03", "丙");

    private final String code;
    private final String shortName;

    ChargeLevel(String code, String shortName) {
        this.code = code;
        this.shortName = shortName;
    }

    public String code() { return code; }

    /** 甲 / 乙 / 丙, as printed on receipts. */
    public String shortName() { return shortName; }

    public static ChargeLevel ofCode(String code) {
        for (ChargeLevel l : values()) {
            if (l.code.equals(code)) return l;
        }
        throw new IllegalArgumentException("unknown chrgitm_lv " + code);
    }
}
