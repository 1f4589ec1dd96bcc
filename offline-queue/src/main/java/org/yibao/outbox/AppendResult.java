package org.yibao.outbox;

/** The outcome of an append: the message's fleet-unique id, or a refusal (nothing written). */
public sealed interface AppendResult permits AppendResult.Appended, Refused {

    /** The message is in the caller's transaction, under {@code id}. */
    record Appended(String id, long seq) implements AppendResult {
    }
}
