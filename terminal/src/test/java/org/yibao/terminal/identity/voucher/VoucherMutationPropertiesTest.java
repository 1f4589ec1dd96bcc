package org.yibao.terminal.identity.voucher;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Properties that run in every build: any edit of a genuine voucher is refused (never
 * thrown), and the strict base64url codec round-trips.
 */
class VoucherMutationPropertiesTest {
    private static final Instant NOW = Instant.ofEpochSecond(VoucherFixtures.NOW);
    private static Path stateDir;
    private static SqliteReplayStore store;
    private static Ybec1Verifier verifier;
    private static List<String> genuine;

    @BeforeContainer static void open() throws IOException {
        stateDir = Files.createTempDirectory("voucher-props");
        store = SqliteReplayStore.open(stateDir);
        verifier = new Ybec1Verifier(VoucherFixtures.standardTrust(), store, Ybec1Verifier.DEFAULT_SKEW);
        genuine = List.of(VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", VoucherFixtures.payload()),
                VoucherFixtures.issue(VoucherFixtures.ES256, "es-1", VoucherFixtures.payload()));
    }

    @AfterContainer static void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 500)
    void everyEditOfAGenuineVoucherIsRefused(@ForAll("edits") List<Integer> edits, @ForAll boolean es256) {
        String original = genuine.get(es256 ? 1 : 0);
        StringBuilder text = new StringBuilder(original);
        for (int i = 0; i + 2 < edits.size(); i += 3) {
            int at = Math.floorMod(edits.get(i), text.length() + 1);
            char c = (char) Math.floorMod(edits.get(i + 2), 128);
            switch (Math.floorMod(edits.get(i + 1), 3)) {
                case 0 -> text.insert(at, c);
                case 1 -> { if (at < text.length()) text.setCharAt(at, c); }
                default -> { if (at < text.length()) text.deleteCharAt(at); }
            }
        }
        if (!text.toString().equals(original)) {
            assertInstanceOf(VoucherOutcome.Refused.class, verifier.decode(text.toString(), NOW));
        }
    }

    @Provide Arbitrary<List<Integer>> edits() {
        return Arbitraries.integers().list().ofMinSize(3).ofMaxSize(12);
    }

    @Property(tries = 300)
    void base64UrlRoundTrips(@ForAll byte[] bytes) {
        String text = Base64Url.encode(bytes);
        if (bytes.length == 0) {
            return;
        }
        assertArrayEquals(bytes, Base64Url.decode(text, 0, text.length()));
        assertArrayEquals(Base64.getUrlDecoder().decode(text), Base64Url.decode(text, 0, text.length()));
    }
}
