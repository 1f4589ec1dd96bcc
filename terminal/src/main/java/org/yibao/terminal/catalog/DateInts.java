package org.yibao.terminal.catalog;

import java.time.LocalDate;

/** Dates stored as INTEGER yyyyMMdd (20260701): readable in sqlite3, ordered as numbers. */
final class DateInts {
    private DateInts() {}

    static int of(LocalDate date) {
        return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
    }

    static LocalDate toDate(int yyyymmdd) {
        return LocalDate.of(yyyymmdd / 10_000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    }
}
