package org.yibao.provisioning.selftest;

/**
 * One self-test check. {@link #run()} never throws for a failing part: it returns FAIL with the
 * reason; {@link SelfTest} still turns an unexpected exception into FAIL.
 */
public interface Check {
    /** Short stable name, e.g. {@code database}, {@code uplink}. */
    String name();

    /** Whether a FAIL of this check fails the self-test (non-zero exit). */
    default boolean required() {
        return true;
    }

    /** Whether a person must act (insert a card, scan, press); skipped unless interactive. */
    default boolean needsPerson() {
        return false;
    }

    /** Runs the check. */
    CheckResult run();

    default CheckResult pass(String why) {
        return new CheckResult(name(), Verdict.PASS, required(), why);
    }

    default CheckResult fail(String why) {
        return new CheckResult(name(), Verdict.FAIL, required(), why);
    }
}
