package org.yibao.terminal.api.envelope;

import java.util.Optional;

/** The envelope's {@code opter_type}: who is operating the host that sent the request. */
public enum OpterType {
    /** "1" 经办人: a staff operator at the counter. */
    STAFF("1"),
    /** "2" 自助终端: a self-service kiosk. */
    KIOSK("2"),
    /** "3" 移动终端: a mobile device. */
    MOBILE("3");

    private final String code;

    OpterType(String code) {
        this.code = code;
    }

    /** The code as it travels ("1", "2" or "3"). */
    public String code() {
        return code;
    }

    /** The type for {@code code}, or empty when it is not one of the three. */
    public static Optional<OpterType> ofCode(String code) {
        for (OpterType type : values()) {
            if (type.code.equals(code)) return Optional.of(type);
        }
        return Optional.empty();
    }
}
