package org.yibao.provisioning.selftest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The clock is sane: not before the application's build date (a box whose RTC battery died
 * boots in 1970) and before 2100. NTP is not required.
 */
public record ClockCheck(Clock clock, LocalDate notBefore) implements Check {

    @Override public String name() {
        return "clock";
    }

    @Override public CheckResult run() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (today.isBefore(notBefore)) {
            return fail("系统时间 " + today + " 早于程序构建日期 " + notBefore + "，请校准时钟");
        }
        if (today.getYear() >= 2100) {
            return fail("系统时间 " + today + " 不合理，请校准时钟");
        }
        return pass(clock.instant() + " (不早于 " + notBefore + ")");
    }
}
