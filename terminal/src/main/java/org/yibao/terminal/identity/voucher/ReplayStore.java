package org.yibao.terminal.identity.voucher;

/**
 * The nonces of accepted vouchers, kept until their voucher can no longer be accepted
 * (exp + skew). An implementation used by a terminal must survive a restart; see
 * {@link org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore}.
 */
public interface ReplayStore extends AutoCloseable {
    /**
     * Records {@code nonce} of a voucher expiring at {@code exp} and says whether this is its
     * first use. Entries are forgotten only once no allowed skew could accept their voucher
     * again (the SQLite store keeps them until exp + 3600 s, the largest skew, so a skew raised
     * between two scans does not make a used voucher new). The record is durable when this
     * returns true.
     *
     * @return true on first use, false when the nonce was already accepted (a replay)
     * @throws ReplayStoreException when the record cannot be read or made durable
     */
    boolean firstUse(String nonce, long exp, long skewS, long now);

    /**
     * Whether {@code nonce} was accepted before and is still remembered at {@code now} (its
     * {@code exp + skewS} not before {@code now}); records nothing. The verifier asks this in
     * the spec's place (step 4, before revocation) and records with {@link #firstUse} only
     * after every check passed.
     *
     * @throws ReplayStoreException when the record cannot be read
     */
    boolean seen(String nonce, long skewS, long now);

    @Override void close();
}
