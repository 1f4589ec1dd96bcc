package org.yibao.outbox.uplink;

import org.yibao.outbox.wire.Ack;

/** What the uplink's worker reacts to; Paho's threads only enqueue these. */
sealed interface Event {

    /** New rows may be there. */
    record Wake() implements Event {
    }

    /** Deliberate stop: no reconnect afterwards. */
    record Stop() implements Event {
    }

    /** The session of {@code generation} is gone. */
    record Lost(int generation, String cause) implements Event {
    }

    /** The broker acknowledged the publish of {@code ids} (one message or a batch) (PUBACK). */
    record Puback(java.util.List<String> ids, int generation) implements Event {
    }

    /** The publish of {@code ids} failed after it was accepted by the client. */
    record PublishFailed(java.util.List<String> ids, int generation, String cause) implements Event {
    }

    /** The committer made these outcomes durable. */
    record Committed(java.util.List<org.yibao.outbox.Outcome> outcomes) implements Event {
    }

    /** The centre, answering until now, fell silent behind a connected broker (see CentreHearing). */
    record CentreSilent() implements Event {
    }

    /** The centre answered. */
    record AckArrived(Ack ack) implements Event {
    }
}
