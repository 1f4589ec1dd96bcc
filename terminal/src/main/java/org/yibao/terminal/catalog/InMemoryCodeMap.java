package org.yibao.terminal.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yibao.terminal.domain.catalog.CodeMap;

/**
 * A validated 对照 table held in memory, immutable: one local code maps to at most one
 * national code on any date. Its version is the first 16 hex digits of the file's SHA-256
 * (the file has no version column).
 */
public final class InMemoryCodeMap implements CodeMap {
    private final Map<String, List<CodeMapRow>> byLocalCode;
    private final String version;

    InMemoryCodeMap(Map<String, List<CodeMapRow>> byLocalCode, String version) {
        this.byLocalCode = Map.copyOf(byLocalCode);
        this.version = version;
    }

    @Override public Optional<String> nationalCode(String localCode, LocalDate date) {
        for (CodeMapRow row : rows(localCode)) {
            if (row.validOn(date)) return Optional.of(row.nationalCode());
        }
        return Optional.empty();
    }

    /** Every mapping of {@code localCode}, in order of begin date. */
    public List<CodeMapRow> rows(String localCode) {
        return byLocalCode.getOrDefault(localCode, List.of());
    }

    @Override public String version() {
        return version;
    }
}
