package org.yibao.terminal.receipt;

import java.util.Map;

/** Receipt names of the national codes (med_type, insutype); an unknown code prints as itself. */
final class Names {
    private static final Map<String, String> MED_TYPE = Map.of(
            "11", "普通门诊", "12", "门诊挂号", "13", "急诊", "14", "门诊慢特病", "41", "定点药店购药");
    private static final Map<String, String> INSUTYPE = Map.of(
            "310", "职工基本医疗保险", "390", "城乡居民基本医疗保险");

    private Names() {
    }

    static String medType(String code) {
        return MED_TYPE.getOrDefault(code, code);
    }

    static String insutype(String code) {
        return INSUTYPE.getOrDefault(code, code);
    }
}
