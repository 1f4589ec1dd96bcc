package org.yibao.bench.voucher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.identity.trust.KeyAlg;
import org.yibao.terminal.identity.trust.PublicKeyPem;
import org.yibao.terminal.identity.trust.SignatureCheck;
import org.yibao.terminal.identity.trust.TrustFile;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.identity.voucher.ReferenceSigningKey;
import org.yibao.terminal.identity.voucher.ReferenceVoucherIssuer;
import org.yibao.terminal.identity.voucher.VoucherOutcome;
import org.yibao.terminal.identity.voucher.VoucherPayload;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * One key, {@value #VOUCHERS} distinct vouchers signed with it, a verifier trusting it over a
 * {@link MemoryReplayStore}, and the same key parsed for the bare baseline. {@link #bare} and
 * {@link #full} each take the next voucher; every full call must end in Accepted.
 */
final class VoucherBenchFixture {
    static final int VOUCHERS = 4096;
    static final long NOW = 1_800_000_000L;

    private final String[] vouchers = new String[VOUCHERS];
    private final byte[][] signed = new byte[VOUCHERS][];
    private final byte[][] signatures = new byte[VOUCHERS][];
    private final MemoryReplayStore store = new MemoryReplayStore();
    private final TrustFile trust;
    private final Ybec1Verifier verifier;
    private final SignatureCheck bareKey;
    private final Instant now = Instant.ofEpochSecond(NOW);
    private int nextBare;
    private int nextFull;

    VoucherBenchFixture(KeyAlg alg) {
        // Accepted lines are INFO; a terminal writes them to a file appender, not the console.
        ((Logger) LoggerFactory.getLogger("org.yibao.terminal.audit.voucher")).setLevel(Level.WARN);
        ReferenceSigningKey key = ReferenceSigningKey.generate(alg, new SecureRandom());
        String trustJson = "{\"version\":\"bench\",\"keys\":[{\"kid\":\"k1\",\"alg\":\"" + alg + "\",\"public_key_pem\":\""
                + key.publicPem().replace("\n", "\\n") + "\",\"not_before\":0,\"not_after\":9999999999}]}";
        trust = TrustFileReader.parse(trustJson.getBytes(StandardCharsets.UTF_8));
        verifier = new Ybec1Verifier(trust, store, Ybec1Verifier.DEFAULT_SKEW);
        bareKey = PublicKeyPem.read(key.publicPem());
        ReferenceVoucherIssuer issuer = new ReferenceVoucherIssuer(key, "k1");
        for (int i = 0; i < VOUCHERS; i++) {
            vouchers[i] = issuer.issue(new VoucherPayload(1, "ECT0123456789abcdef0123456789abcdef0123456789ABCD",
                    "43000012345678", "张*丰", "01", "123X", "430100", "310", "11", "02121", NOW - 10, NOW + 110,
                    String.format("bench-nonce-%08d", i)));
            int dot = vouchers[i].lastIndexOf('.');
            signed[i] = vouchers[i].substring(0, dot).getBytes(StandardCharsets.US_ASCII);
            signatures[i] = Base64.getUrlDecoder().decode(vouchers[i].substring(dot + 1));
        }
    }

    /** The trust file holding this fixture's key, for a verifier over another store. */
    TrustFile trust() {
        return trust;
    }

    /** The i-th pre-signed voucher (i below {@value #VOUCHERS}). */
    String voucher(int i) {
        return vouchers[i];
    }

    /** The baseline: only the signature check, key already parsed, the same bytes. */
    boolean bare() {
        int i = nextBare;
        nextBare = (i + 1) % VOUCHERS;
        if (!bareKey.verify(signed[i], signed[i].length, signatures[i])) {
            throw new IllegalStateException("signature " + i + " does not verify");
        }
        return true;
    }

    /** The whole verifier; the store is cleared when the cycle of vouchers wraps. */
    VoucherOutcome full() {
        int i = nextFull;
        nextFull = (i + 1) % VOUCHERS;
        if (i == 0) {
            store.clear();
        }
        VoucherOutcome outcome = verifier.decode(vouchers[i], now);
        if (!(outcome instanceof VoucherOutcome.Accepted)) {
            throw new IllegalStateException("voucher " + i + " refused: " + outcome);
        }
        return outcome;
    }
}
