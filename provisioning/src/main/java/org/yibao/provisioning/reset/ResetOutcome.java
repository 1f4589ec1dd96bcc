package org.yibao.provisioning.reset;

import java.util.List;

/** What a factory reset did: everything it promised, or nothing at all and why. */
public sealed interface ResetOutcome {

    /** The data directory was emptied; {@code exported} unacknowledged messages went to the export file first. */
    record Done(List<String> removed, int exported) implements ResetOutcome {
        public Done {
            removed = List.copyOf(removed);
        }
    }

    /** Nothing was removed; {@code detail} names counts or paths, never personal data. */
    record Refused(ResetReason reason, String detail) implements ResetOutcome {
    }
}
