package org.yibao.terminal.identity.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.identity.voucher.ReferenceSigningKey;
import org.yibao.terminal.identity.voucher.VoucherFixtures;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

/**
 * Random trust files (spec §3) against a plain model. A valid file reads back exactly (kids,
 * algorithms, windows, revocations, version; with or without a UTF-8 BOM), and a voucher signed
 * with one of its keys verifies exactly while the instant is within [not_before, not_after] (both
 * edges to the second and a millisecond past them), is refused 1513 before and 1512 after, 1511
 * under a kid the file does not name, 1515 when another key signed it, 1520 / 1521 when its
 * ec_token / psn_no is revoked. A file with one fault is refused whole with the fault's own code
 * and a Chinese detail, and a verifier still on the file in force decides every voucher as before.
 */
class TrustFilePropertiesTest {
    private static final long MAX_EPOCH = TrustFiles.YEAR_9999;
    private static final ReferenceSigningKey STRANGER = VoucherFixtures.STRANGER;
    private static Path stateDir;
    private static SqliteReplayStore replay;

    @BeforeContainer static void open() throws IOException {
        stateDir = Files.createTempDirectory("trust-props");
        replay = SqliteReplayStore.open(stateDir);
    }

    @AfterContainer static void close() throws IOException {
        replay.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 40)
    void aValidFileReadsBackExactlyAndTrustsEachKeyExactlyWithinItsWindow(@ForAll("valid") TrustFiles.Spec spec,
                                                                          @ForAll boolean bom) {
        byte[] bytes = bom ? withBom(spec.bytes()) : spec.bytes();
        TrustFile file = TrustFileReader.parse(bytes);
        assertReadsBack(spec, file);
        Ybec1Verifier verifier = new Ybec1Verifier(file, replay, Ybec1Verifier.DEFAULT_SKEW);
        for (TrustFiles.KeySpec key : spec.keys()) {
            for (Instant at : instants(key)) {
                String expected = expectedForKey(key, at);
                Statistics.label("key outcome").collect(expected);
                assertEquals(expected, TrustFiles.outcome(verifier, key.key(), key.kid(), TrustFiles.payloadAt(at), at),
                        key.kid() + " [" + key.notBefore() + ", " + key.notAfter() + "] at " + at);
            }
        }
        revocationsAndStrangers(spec, verifier);
    }

    /** Revoked tokens and persons under a key valid now; a kid the file lacks; another key under a trusted kid. */
    private static void revocationsAndStrangers(TrustFiles.Spec spec, Ybec1Verifier verifier) {
        for (TrustFiles.KeySpec key : spec.keys()) {
            Instant at = Instant.ofEpochSecond(key.notBefore() + (Math.min(key.notAfter(), MAX_EPOCH - 200) - key.notBefore()) / 2);
            for (String token : spec.tokens()) {
                VoucherFixtures.Payload p = TrustFiles.payloadAt(at);
                p.ecToken = token;
                assertEquals(spec.withRevoked() ? "1520" : "accepted", TrustFiles.outcome(verifier, key.key(), key.kid(), p, at), "revoked token");
            }
            for (String psn : spec.psnNos()) {
                VoucherFixtures.Payload p = TrustFiles.payloadAt(at);
                p.psnNo = psn;
                assertEquals(spec.withRevoked() ? "1521" : "accepted", TrustFiles.outcome(verifier, key.key(), key.kid(), p, at), "revoked person");
            }
            assertEquals("1511", TrustFiles.outcome(verifier, key.key(), key.kid() + "x", TrustFiles.payloadAt(at), at), "a kid the file does not name");
            ReferenceSigningKey other = key.key().alg() == STRANGER.alg() ? STRANGER : otherOfAlg(spec, key.key().alg());
            assertEquals("1515", TrustFiles.outcome(verifier, other, key.kid(), TrustFiles.payloadAt(at), at), "another key under a trusted kid");
        }
    }

    private static ReferenceSigningKey otherOfAlg(TrustFiles.Spec spec, KeyAlg alg) {
        return TrustFiles.POOL.stream().filter(k -> k.alg() == alg && spec.keys().stream().noneMatch(s -> s.key() == k))
                .findFirst().orElseThrow();
    }

    private static void assertReadsBack(TrustFiles.Spec spec, TrustFile file) {
        assertEquals(spec.version(), file.version());
        assertEquals(spec.keys().stream().map(TrustFiles.KeySpec::kid).collect(Collectors.toSet()), file.keys().keySet());
        for (TrustFiles.KeySpec k : spec.keys()) {
            TrustedKey read = file.key(k.kid()).orElseThrow();
            assertEquals(k.key().alg(), read.alg());
            assertEquals(k.notBefore(), read.notBefore());
            assertEquals(k.notAfter(), read.notAfter());
        }
        Set<String> tokens = spec.withRevoked() ? new HashSet<>(spec.tokens()) : Set.of();
        Set<String> psns = spec.withRevoked() ? new HashSet<>(spec.psnNos()) : Set.of();
        assertEquals(new Revocations(tokens, psns), file.revoked());
    }

    /** The model: trusted exactly while not_before <= t <= not_after, t to the nanosecond. */
    private static String expectedForKey(TrustFiles.KeySpec key, Instant at) {
        if (at.isBefore(Instant.ofEpochSecond(key.notBefore()))) {
            return "1513";
        }
        return at.isAfter(Instant.ofEpochSecond(key.notAfter())) ? "1512" : "accepted";
    }

    /** Both edges to the second, a millisecond either side of them, and the middle; only instants a voucher can carry. */
    private static List<Instant> instants(TrustFiles.KeySpec key) {
        long nb = key.notBefore();
        long na = key.notAfter();
        List<Instant> at = new ArrayList<>();
        for (long s : new long[] {nb - 1, nb, nb + (na - nb) / 2, na, na + 1}) {
            at.add(Instant.ofEpochSecond(s));
        }
        at.add(Instant.ofEpochSecond(nb).minusMillis(1));
        at.add(Instant.ofEpochSecond(na).plusMillis(1));
        at.add(Instant.ofEpochSecond(na).plusMillis(999));
        return at.stream().filter(t -> t.getEpochSecond() >= 10 && t.getEpochSecond() + 200 <= MAX_EPOCH).toList();
    }

    @Property(tries = 40)
    void everyFaultIsRefusedWholeWithItsCodeAndTheTrustInForceDecidesAsBefore(@ForAll("valid") TrustFiles.Spec spec,
                                                                              @ForAll("places") List<Integer> places,
                                                                              @ForAll("valid") TrustFiles.Spec inForce) {
        TrustFile trust = TrustFileReader.parse(inForce.bytes());
        Ybec1Verifier verifier = new Ybec1Verifier(() -> trust, replay, Ybec1Verifier.DEFAULT_SKEW);
        Map<String, String> before = TrustFiles.decisions(inForce, verifier);
        for (TrustFiles.Fault fault : TrustFiles.Fault.values()) {
            int n = fault.ordinal() * 2;
            TrustFiles.Faulty faulty = new TrustFiles.Faulty(spec, fault, places.get(n), places.get(n + 1));
            RefusedException e = assertThrows(RefusedException.class, () -> TrustFileReader.parse(faulty.bytes()),
                    () -> fault + " accepted: " + new String(faulty.bytes(), StandardCharsets.UTF_8));
            assertEquals(fault.reason, e.refusal().reason(), () -> fault + ": " + e.refusal().errMsg());
            assertTrue(e.refusal().reason().code().matches("156[0-9]"), e.refusal().reason().code());
            assertChinese(e.refusal().errMsg());
        }
        assertEquals(before, TrustFiles.decisions(inForce, verifier), "the trust in force decides every voucher as before");
    }

    private static final Set<String> ALLOWED_WORDS = Set.of("version", "keys", "kid", "alg", "public_key_pem", "not_before",
            "not_after", "revoked", "ec_tokens", "psn_nos", "JSON", "PUBLIC", "KEY", "DER", "SubjectPublicKeyInfo", "EC", "SM2",
            "ES256", "sm2p256v1", "P", "Unix");

    /** A Chinese message; the detail's words are only the file's field names, kids and the spec's terms. */
    static void assertChinese(String errMsg) {
        assertTrue(errMsg.startsWith("电子凭证信任文件"), errMsg);
        String rest = errMsg.replaceAll("hsa-[0-9a-f]+-\\d+", "").replaceAll("（kid [^）]*）", "").replaceAll("为 [^，]*，", "为 ，")
                .replaceAll("未知字段 \\w+", "未知字段 ");
        Matcher word = Pattern.compile("[A-Za-z][A-Za-z0-9_]*").matcher(rest);
        while (word.find()) {
            assertTrue(ALLOWED_WORDS.contains(word.group()), "English \"" + word.group() + "\" in " + errMsg);
        }
    }

    private static byte[] withBom(byte[] json) {
        byte[] out = new byte[json.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(json, 0, out, 3, json.length);
        return out;
    }

    @Provide Arbitrary<TrustFiles.Spec> valid() {
        return TrustFiles.valid();
    }

    /** Two numbers a fault: which key it hits and where in it. */
    @Provide Arbitrary<List<Integer>> places() {
        int n = TrustFiles.Fault.values().length * 2;
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofSize(n);
    }
}
