package org.yibao.terminal.fleet;

import org.yibao.provisioning.update.CatalogDelta;
import org.yibao.provisioning.update.UpdateKind;

/**
 * The table a catalogue-like update puts in use, and what goes with it: where its last full file
 * is kept as the next delta's base, what messages call it, and the refusal for a delta on another
 * base. One place, so a new kind names its table once instead of falling into the catalogue's by
 * default.
 */
enum FleetTable {
    CATALOGUE(UpdateApplier.CATALOG_BASE, CatalogDelta.CATALOGUE, "catalogue", FleetReason.DELTA_BASE_MISMATCH),
    CODE_MAP(UpdateApplier.CODEMAP_BASE, CatalogDelta.CODE_MAP, "code map", FleetReason.CODEMAP_DELTA_BASE_MISMATCH);

    final String baseKind;
    /** Its name in the results and refusals (Chinese), and in the log. */
    final String what;
    final String inLog;
    final FleetReason deltaMismatch;

    FleetTable(String baseKind, String what, String inLog, FleetReason deltaMismatch) {
        this.baseKind = baseKind;
        this.what = what;
        this.inLog = inLog;
        this.deltaMismatch = deltaMismatch;
    }

    /** The table {@code kind} puts in use; throws for a kind that puts none. */
    static FleetTable of(UpdateKind kind) {
        return switch (kind) {
            case CATALOG, CATALOG_DELTA, CATALOG_PART -> CATALOGUE;
            case CODEMAP, CODEMAP_DELTA, CODEMAP_PART -> CODE_MAP;
            case POLICY, TRUST, REVOCATION, COMMAND, WITHDRAWN -> throw new IllegalArgumentException(kind.wire() + " puts no table in use");
        };
    }
}
