package org.yibao.provisioning.selftest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The clock is sane: not before the application's build date (a box whose RTC battery died
 * boots in 1970) and before 2100. NTP is not required. Days are counted, and the time is shown,
 * in the clock's zone: the terminal's is Beijing time, whatever zone the operating system was
 * left in, so the technician reads the time the receipts and settlements carry.
 */
public record ClockCheck(Clock clock, LocalDate notBefore) implements Check {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override public String name() {
        return "clock";
    }

    @Override public CheckResult run() {
        ZonedDateTime now = clock.instant().atZone(clock.getZone());
        LocalDate today = now.toLocalDate();
        if (today.isBefore(notBefore)) {
            return fail("系统时间 " + shown(now) + " 早于程序构建日期 " + notBefore + "，请校准时钟");
        }
        if (today.getYear() >= 2100) {
            return fail("系统时间 " + shown(now) + " 不合理，请校准时钟");
        }
        return pass(shown(now) + " (不早于 " + notBefore + ")");
    }

    private static String shown(ZonedDateTime time) {
        return SHOWN.format(time) + " " + time.getZone().getId();
    }
}
