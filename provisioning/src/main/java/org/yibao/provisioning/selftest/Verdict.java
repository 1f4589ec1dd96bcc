package org.yibao.provisioning.selftest;

/** The outcome of one self-test check. */
public enum Verdict {
    /** The check ran and the part works. */
    PASS,
    /** The check ran and the part does not work; {@link CheckResult#why()} says why. */
    FAIL,
    /** The check did not run (needs a person, or the part is not configured); the reason says which. */
    SKIP
}
