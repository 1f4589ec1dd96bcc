package org.yibao.terminal.domain.policy;

import java.util.Objects;
import java.util.OptionalLong;
import org.yibao.terminal.domain.money.Ratio;

/**
 * One band of the pooled-fund ratio: it covers the year-to-date in-scope amount above the
 * deductible from the previous band's bound up to {@code upto} fen (exclusive); an empty
 * {@code upto} is the open last band.
 */
public record Segment(OptionalLong upto, Ratio ratio) {
    public Segment {
        Objects.requireNonNull(upto, "upto");
        Objects.requireNonNull(ratio, "ratio");
    }
}
