package org.yibao.terminal.fleet;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.yibao.terminal.identity.trust.Revocations;
import org.yibao.terminal.identity.trust.TrustFile;

/**
 * The voucher trust file in use, with its JSON text (a revocation update rewrites the text's
 * {@code revoked}); a {@link org.yibao.terminal.identity.voucher.Ybec1Verifier} built on
 * {@code trustInUse} reads it once per verification, so an update takes effect at the next scan
 * and no verification sees half of two files.
 */
public final class TrustInUse implements Supplier<TrustFile> {
    /** No trust file yet: every voucher is refused (unknown key). */
    public static final byte[] EMPTY_JSON = "{\"version\":\"none\",\"keys\":[]}".getBytes(StandardCharsets.UTF_8);

    /** A parsed trust file and the exact text it came from. */
    public record Trust(TrustFile file, byte[] json) {
        public Trust {
            Objects.requireNonNull(file, "file");
            json = json.clone();
        }

        @Override
        public byte[] json() {
            return json.clone();
        }
    }

    private final AtomicReference<Trust> current;

    public TrustInUse(Trust initial) {
        current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** Nothing trusted. */
    public static TrustInUse empty() {
        return new TrustInUse(new Trust(new TrustFile("none", Map.of(), Revocations.NONE), EMPTY_JSON));
    }

    @Override
    public TrustFile get() {
        return current.get().file();
    }

    /** The trust file and its text. */
    public Trust trust() {
        return current.get();
    }

    void set(Trust trust) {
        current.set(Objects.requireNonNull(trust, "trust"));
    }
}
