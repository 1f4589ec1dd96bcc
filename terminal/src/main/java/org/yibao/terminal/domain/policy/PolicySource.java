package org.yibao.terminal.domain.policy;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Gives the policy to settle with on a settlement date (local time). A settlement asks once when
 * it starts and keeps that policy to its commit.
 */
@FunctionalInterface
public interface PolicySource {
    /** The policy for {@code date}; the {@code Settler} refuses (1302) one not yet effective then. */
    Policy on(LocalDate date);

    /** Always {@code policy}, whatever the date. */
    static PolicySource fixed(Policy policy) {
        Objects.requireNonNull(policy, "policy");
        return date -> policy;
    }
}
