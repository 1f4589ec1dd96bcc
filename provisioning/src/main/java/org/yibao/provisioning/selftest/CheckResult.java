package org.yibao.provisioning.selftest;

import java.util.Objects;

/**
 * One line of a self-test: the check's name, its verdict, whether a failure fails the whole
 * self-test, and why (always set for FAIL and SKIP; never carries personal data).
 */
public record CheckResult(String name, Verdict verdict, boolean required, String why) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verdict, "verdict");
        why = why == null ? "" : why;
    }

    /** Whether this result makes the self-test fail. */
    public boolean failsRun() {
        return required && verdict == Verdict.FAIL;
    }

    /** {@code PASS  database  integrity ok} - the line printed for a technician. */
    public String line() {
        return String.format("%-4s  %-12s %s%s", verdict, name, why, required || verdict != Verdict.FAIL ? "" : " (optional)");
    }
}
