package org.yibao.terminal.domain.catalog;

import java.time.LocalDate;
import java.util.Optional;

/** The national catalogue in use: look-up by national code on a date. */
public interface Catalog {
    /** The row for {@code code} valid on {@code date}; empty when absent or not valid then. */
    Optional<CatalogEntry> find(String code, LocalDate date);

    /** The catalogue version recorded on every settlement. */
    String version();
}
