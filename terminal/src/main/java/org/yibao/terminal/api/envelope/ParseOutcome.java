package org.yibao.terminal.api.envelope;

import org.yibao.terminal.domain.Refusal;

/** What {@link EnvelopeParser#parse(byte[])} made of a body: a request, or a refusal. */
public sealed interface ParseOutcome {
    /** The body is a well-formed envelope. */
    record Parsed(ParsedRequest request) implements ParseOutcome {
    }

    /** The body was refused; nothing may be done with it. */
    record Rejected(Refusal refusal) implements ParseOutcome {
    }
}
