package org.yibao.terminal.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.yibao.terminal.domain.Refusal;

/** What a {@link TransactionHandler} answers. */
public sealed interface Reply {
    /**
     * Success with {@code output}; the service records it under the msgid after the handler
     * returns. For handlers that wrote nothing (queries, pre-settlement).
     */
    record Success(JsonNode output, String warnMsg) implements Reply {
        public Success {
            Objects.requireNonNull(output, "output");
            warnMsg = warnMsg == null ? "" : warnMsg;
        }
    }

    /**
     * Success already recorded by the handler with {@link Call#recordSuccess} in the same
     * transaction as its own writes (a settlement, a sign-in); {@code responseJson} is what was
     * recorded.
     */
    record Recorded(String responseJson) implements Reply {
        public Recorded {
            Objects.requireNonNull(responseJson, "responseJson");
        }
    }

    /**
     * Success that must not be kept under the msgid (9001: its answer holds the new sign_no, which
     * the terminal keeps only as a hash, and its request the password); the same msgid sent again
     * runs again. {@code responseJson} is the answer, written with {@link Call#unrecordedSuccess}.
     */
    record Unrecorded(String responseJson) implements Reply {
        public Unrecorded {
            Objects.requireNonNull(responseJson, "responseJson");
        }
    }

    /** A business refusal; nothing was written and nothing is recorded, so the host may retry. */
    record Refused(Refusal refusal) implements Reply {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
