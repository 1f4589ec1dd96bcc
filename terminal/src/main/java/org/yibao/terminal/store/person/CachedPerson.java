package org.yibao.terminal.store.person;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's last 1101 answer from the centre (the {@code output} object as JSON) and when it
 * was received. The accumulators and balance inside it are those of {@code syncedAt}; the live
 * figures are in the accumulator and balance tables.
 */
public record CachedPerson(String psnNo, String personJson, Instant syncedAt) {
    public CachedPerson {
        Objects.requireNonNull(psnNo, "psnNo");
        Objects.requireNonNull(personJson, "personJson");
        Objects.requireNonNull(syncedAt, "syncedAt");
    }
}
