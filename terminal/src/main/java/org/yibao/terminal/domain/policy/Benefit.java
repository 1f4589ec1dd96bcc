package org.yibao.terminal.domain.policy;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the pooled fund pays under one rule (or one disease of a per-disease rule), amounts in
 * fen: the yearly deductible, the ratio bands (bounds strictly increasing, only the last open)
 * and the optional yearly and per-settlement caps on the pooled fund.
 */
public record Benefit(long deductible, List<Segment> segments, OptionalLong annualCap,
                      OptionalLong visitCap) {
    public Benefit {
        if (deductible < 0) throw new IllegalArgumentException("deductible < 0");
        segments = List.copyOf(segments);
        if (segments.isEmpty()) throw new IllegalArgumentException("no segments");
        if (segments.getLast().upto().isPresent()) {
            throw new IllegalArgumentException("last segment must be open");
        }
        Objects.requireNonNull(annualCap, "annualCap");
        Objects.requireNonNull(visitCap, "visitCap");
    }
}
