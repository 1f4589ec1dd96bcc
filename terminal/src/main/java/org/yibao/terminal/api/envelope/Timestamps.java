package org.yibao.terminal.api.envelope;

import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/** The time formats of the interface, strict (no 2026-02-30, no 24:00:00). */
public final class Timestamps {
    /** {@code inf_time}, {@code sign_time} and other times: yyyy-MM-dd HH:mm:ss. */
    public static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    /** Dates of the interface ({@code begndate}, {@code stmt_begndate}): yyyy-MM-dd. */
    public static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    /** {@code refmsg_time} and {@code respond_time}: yyyyMMddHHmmssSSS. */
    public static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS").withResolverStyle(ResolverStyle.STRICT);

    private Timestamps() {
    }
}
