package org.yibao.provisioning.rotation;

import java.time.Instant;

/** What a certificate renewal did. Only {@link Renewed} changed anything (a new snapshot). */
public sealed interface RenewalOutcome permits RenewalOutcome.NotDue, RenewalOutcome.Renewed, RenewalOutcome.Failed {
    /** The certificate in force is not yet within the renewal threshold. */
    record NotDue(Instant notAfter) implements RenewalOutcome {
    }

    /** A new key and certificate are in force as snapshot {@code snapshot}. */
    record Renewed(int snapshot, Instant notAfter, String fingerprint) implements RenewalOutcome {
    }

    /** Nothing was written; the old key and certificate stay in force. */
    record Failed(String why) implements RenewalOutcome {
    }
}
