package org.yibao.provisioning.bundle;

import java.util.List;
import org.yibao.provisioning.config.Problem;

/** What applying a bundle did: a new snapshot, nothing (same bundle already in force), or a refusal (nothing written). */
public sealed interface ApplyOutcome permits ApplyOutcome.Applied, ApplyOutcome.AlreadyApplied, ApplyOutcome.Refused {
    /** Written as snapshot {@code snapshot} and made current; the caller creates the first admin. */
    record Applied(int snapshot, VerifiedBundle bundle) implements ApplyOutcome {
    }

    /**
     * The same bundle is already the current snapshot: nothing changed. The verified bundle is
     * given so the caller can still make sure its first admin exists (an apply interrupted after
     * the snapshot was written); the caller wipes its password.
     */
    record AlreadyApplied(int snapshot, VerifiedBundle bundle) implements ApplyOutcome {
    }

    /** Refused with the reasons; the previous configuration stays. */
    record Refused(List<Problem> problems) implements ApplyOutcome {
        public Refused {
            problems = List.copyOf(problems);
        }
    }
}
