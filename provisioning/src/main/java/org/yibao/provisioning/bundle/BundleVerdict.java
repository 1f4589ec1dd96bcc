package org.yibao.provisioning.bundle;

import java.util.List;
import org.yibao.provisioning.config.Problem;

/** What {@link BundleVerifier} concluded: every check passed, or the problems (the first is the reason). */
public sealed interface BundleVerdict permits BundleVerdict.Verified, BundleVerdict.Refused {
    /** Safe to apply. */
    record Verified(VerifiedBundle bundle) implements BundleVerdict {
    }

    /** Refused; nothing may be written. */
    record Refused(List<Problem> problems) implements BundleVerdict {
        public Refused {
            problems = List.copyOf(problems);
        }
    }
}
