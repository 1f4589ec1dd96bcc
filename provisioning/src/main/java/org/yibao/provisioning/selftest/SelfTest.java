package org.yibao.provisioning.selftest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs checks in order, one result per check: checks that need a person are skipped unless the
 * run is interactive, and an exception from a check is a FAIL naming it (the run goes on).
 */
public final class SelfTest {
    private SelfTest() {
    }

    /** Runs {@code checks}; the report's {@link SelftestReport#passed()} drives the exit code. */
    public static SelftestReport run(List<? extends Check> checks, boolean interactive, Clock clock) {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            results.add(runOne(check, interactive));
        }
        return new SelftestReport(clock.instant(), interactive, results);
    }

    private static CheckResult runOne(Check check, boolean interactive) {
        if (check.needsPerson() && !interactive) {
            return new CheckResult(check.name(), Verdict.SKIP, check.required(), "需要现场人员操作，使用 --interactive 运行");
        }
        try {
            return check.run();
        } catch (RuntimeException e) {
            return check.fail("检查出错: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
