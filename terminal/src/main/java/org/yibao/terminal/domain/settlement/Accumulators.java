package org.yibao.terminal.domain.settlement;

/**
 * A person's year-to-date figures in one accumulator group, in fen: deductible used, pooled
 * fund paid, in-scope amount above the deductible.
 */
public record Accumulators(long dedcUsed, long fundPaid, long inscpOverDedc) {
    public static final Accumulators ZERO = new Accumulators(0, 0, 0);

    /** The figures after a settlement with {@code delta}. */
    public Accumulators plus(AccumulatorDelta delta) {
        return new Accumulators(Math.addExact(dedcUsed, delta.dedcUsed()),
                Math.addExact(fundPaid, delta.fundPaid()),
                Math.addExact(inscpOverDedc, delta.inscpOverDedc()));
    }

    /** The figures after reversing a settlement with {@code delta}: exactly undoes {@link #plus}. */
    public Accumulators minus(AccumulatorDelta delta) {
        return new Accumulators(Math.subtractExact(dedcUsed, delta.dedcUsed()),
                Math.subtractExact(fundPaid, delta.fundPaid()),
                Math.subtractExact(inscpOverDedc, delta.inscpOverDedc()));
    }
}
