package org.yibao.bench.voucher;

import org.yibao.terminal.identity.voucher.ReplayStore;

import java.util.HashMap;
import java.util.Map;

/**
 * A replay store in memory, for the benchmark only (it does not survive a restart, so a
 * terminal must never use it): the same contract as the SQLite one, without the fsync.
 */
final class MemoryReplayStore implements ReplayStore {
    private static final int FORGET_AT = 100_000;
    private final Map<String, Long> expByNonce = new HashMap<>();

    @Override public synchronized boolean firstUse(String nonce, long exp, long skewS, long now) {
        if (expByNonce.size() >= FORGET_AT) {
            expByNonce.values().removeIf(e -> e < now - skewS);
        }
        return expByNonce.putIfAbsent(nonce, exp) == null;
    }

    @Override public synchronized boolean seen(String nonce, long skewS, long now) {
        Long exp = expByNonce.get(nonce);
        return exp != null && exp >= now - skewS;
    }

    /** Forgets everything, so the benchmark can present its pre-made vouchers again. */
    synchronized void clear() {
        expByNonce.clear();
    }

    @Override public void close() {
        clear();
    }
}
