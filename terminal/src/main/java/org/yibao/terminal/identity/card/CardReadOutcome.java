package org.yibao.terminal.identity.card;

import org.yibao.terminal.domain.Refusal;

/** The result of reading a card: its identity, or a refusal with a 14xx code. Never an exception. */
public sealed interface CardReadOutcome {
    /** The card was read, its records were well formed and it is within its validity. */
    record Read(CardIdentity identity) implements CardReadOutcome {
    }

    /** The card could not be read or used; the refusal says why for the cashier. */
    record Refused(Refusal refusal) implements CardReadOutcome {
    }
}
