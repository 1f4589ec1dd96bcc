package org.yibao.terminal.domain.settlement;

/** How a line was classified against the catalogue on the settlement date. */
public enum LineKind {
    /** 甲类 or 乙类 in the catalogue on the date: split into its parts. */
    LISTED,
    /** 丙类: full own pay. */
    CLASS_C,
    /** Code not in the catalogue on the date: full own pay, with a warning. */
    NOT_IN_CATALOGUE,
    /** No national code and the local code is not mapped on the date: full own pay, with a warning. */
    UNMAPPED
}
