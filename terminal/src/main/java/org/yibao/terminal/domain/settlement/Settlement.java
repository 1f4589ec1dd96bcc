package org.yibao.terminal.domain.settlement;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A computed settlement: the rule used, the person's insutype/psn_type/med_type, each line's
 * split, the totals, the non-zero fund payments, the accumulator delta to apply (and subtract
 * on reversal), warnings for warn_msg, and the policy / catalogue / code-map versions used.
 * Nothing is written; flows persist it.
 */
public record Settlement(LocalDate date, String ruleId, String insutype, String psnType,
                         String medType, String diseCodg, List<LineSplit> lines,
                         SettlementTotals totals, List<FundDetail> details, AccumulatorDelta delta,
                         List<String> warnings, Versions versions) {

    /** The versions of the inputs a settlement used, recorded on it. */
    public record Versions(String policy, String catalogue, String codeMap) {
        public Versions {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(catalogue, "catalogue");
            Objects.requireNonNull(codeMap, "codeMap");
        }
    }

    public Settlement {
        Objects.requireNonNull(date, "date");
        lines = List.copyOf(lines);
        Objects.requireNonNull(totals, "totals");
        details = List.copyOf(details);
        Objects.requireNonNull(delta, "delta");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(versions, "versions");
    }

    /** The warnings joined for warn_msg ("" when none). */
    public String warnMsg() {
        return String.join("；", warnings);
    }
}
