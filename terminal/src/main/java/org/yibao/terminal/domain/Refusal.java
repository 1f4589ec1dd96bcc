package org.yibao.terminal.domain;

import java.util.Objects;

/**
 * A refused request: the reason code plus a detail naming what was wrong (a field, a line,
 * a key path). The detail never carries unmasked personal data.
 */
public record Refusal(ReasonCode reason, String detail) {
    public Refusal {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }

    /** The message for {@code err_msg}: the Chinese message, then the detail when present. */
    public String errMsg() {
        return detail.isEmpty() ? reason.message() : reason.message() + "：" + detail;
    }
}
