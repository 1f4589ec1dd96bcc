package org.yibao.terminal.domain.catalog;

import java.time.LocalDate;
import java.util.Optional;

/** The institution's 对照 table: its own code to the national code, on a date. */
public interface CodeMap {
    /** The national code {@code localCode} maps to on {@code date}; empty when unmapped. */
    Optional<String> nationalCode(String localCode, LocalDate date);

    /** The code-map version recorded on every settlement. */
    String version();
}
