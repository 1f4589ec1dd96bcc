package org.yibao.outbox.centre;

import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.Lane;
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.Topics;

/**
 * What the reference centre checks in a message before it stores it, beyond what it checks
 * itself (the id and sender are the topic's device, the message has a type): the outbox's
 * messages are opaque to the centre, so whoever assembles it (the terminal's reference centre
 * service) says what a usable payload is. A refused message is answered REJECTED with the
 * refusal's code and reason and not stored (see {@link ClaimStore}).
 *
 * <p>Called on the centre's worker for every message received; must be fast, thread-safe and
 * must not throw (a {@link RuntimeException} is taken as a refusal).
 */
@FunctionalInterface
public interface ClaimCheck {

    /** Accepts every message (the centre's own checks only). */
    ClaimCheck NONE = (from, lane, envelope) -> Optional.empty();

    /**
     * Why the centre refuses {@code envelope}, received on {@code lane}'s topic of the device
     * {@code from} (its admdvs, institution and device id, from the topic); empty to store it.
     */
    Optional<Refusal> refusal(Topics from, Lane lane, Envelope envelope);

    /**
     * A refusal: a code in the style of {@code E_DEVICE} (letters, digits, '_') and a reason in
     * Chinese, safe to show an operator.
     */
    record Refusal(String code, String reason) {
        public Refusal {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
