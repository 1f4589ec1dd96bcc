package org.yibao.terminal.identity.voucher;

/**
 * A replay store that answers the same to every nonce: for the verifier's own checks (a store that
 * already holds the nonce when asked to record it, a skew bound) where no file is the point. The
 * real store is {@code SqliteReplayStore}, with its own tests.
 */
record FixedReplayStore(boolean firstUse, boolean seen) implements ReplayStore {
    @Override
    public boolean firstUse(String nonce, long exp, long skewS, long now) {
        return firstUse;
    }

    @Override
    public boolean seen(String nonce, long skewS, long now) {
        return seen;
    }

    @Override
    public void close() {
    }
}
