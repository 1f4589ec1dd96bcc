package org.yibao.terminal.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;

/**
 * A validated catalogue held in memory (no two rows of one code overlap in time), immutable.
 * Its version is the greatest {@code ver} of its rows.
 */
public final class InMemoryCatalog implements Catalog {
    private final Map<String, List<CatalogEntry>> byCode;
    private final String version;

    InMemoryCatalog(Map<String, List<CatalogEntry>> byCode, String version) {
        this.byCode = Map.copyOf(byCode);
        this.version = version;
    }

    @Override public Optional<CatalogEntry> find(String code, LocalDate date) {
        for (CatalogEntry entry : byCode.getOrDefault(code, List.of())) {
            if (entry.validOn(date)) return Optional.of(entry);
        }
        return Optional.empty();
    }

    /** Every row of {@code code}, in order of begin date. */
    public List<CatalogEntry> rows(String code) {
        return byCode.getOrDefault(code, List.of());
    }

    /** How many distinct codes the catalogue holds. */
    public int codeCount() {
        return byCode.size();
    }

    @Override public String version() {
        return version;
    }
}
