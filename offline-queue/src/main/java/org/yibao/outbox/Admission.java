package org.yibao.outbox;

/** The answer to "may I append a message of this class now?". */
public sealed interface Admission permits Admission.Admitted, Refused {

    /** The message would be accepted. */
    record Admitted() implements Admission {
    }

    /** The shared "admitted" answer. */
    Admission ADMITTED = new Admitted();

    /** Whether the answer is yes. */
    default boolean admitted() {
        return this instanceof Admitted;
    }
}
