package org.yibao.outbox;

import java.util.Objects;

/**
 * A refusal to take a message: the reason and the numbers behind it (e.g. "backlog 5000 &gt;=
 * limit 5000"). Nothing was written.
 */
public record Refused(RefusalReason reason, String detail) implements Admission, AppendResult {

    public Refused {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
