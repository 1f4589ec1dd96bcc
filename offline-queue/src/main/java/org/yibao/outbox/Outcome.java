package org.yibao.outbox;

import java.util.Objects;

/** Something the uplink learned about a message, applied to its row in a batch. */
public sealed interface Outcome {

    /** The message id the outcome is about. */
    String id();

    /** The broker acknowledged the publish (PUBACK). */
    record Published(String id) implements Outcome {
        public Published {
            Objects.requireNonNull(id);
        }
    }

    /** The centre accepted the message. */
    record Accepted(String id) implements Outcome {
        public Accepted {
            Objects.requireNonNull(id);
        }
    }

    /**
     * The uplink cannot publish the message at all (it is larger than the broker accepts): it
     * waits for an operator (NEEDS_ATTENTION) with a code and a reason, and holds its order key.
     */
    record Unsendable(String id, String code, String reason) implements Outcome {
        public Unsendable {
            Objects.requireNonNull(id);
            Objects.requireNonNull(code);
            Objects.requireNonNull(reason);
        }
    }

    /** The centre refused the message with a code and a reason. */
    record Rejected(String id, String code, String reason) implements Outcome {
        public Rejected {
            Objects.requireNonNull(id);
            code = code == null ? "" : code;
            reason = reason == null ? "" : reason;
        }
    }
}
