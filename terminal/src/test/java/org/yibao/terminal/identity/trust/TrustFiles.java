package org.yibao.terminal.identity.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.yibao.terminal.identity.voucher.ReferenceSigningKey;
import org.yibao.terminal.identity.voucher.VoucherFixtures;
import org.yibao.terminal.identity.voucher.VoucherOutcome;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;

/**
 * Random trust files (spec evoucher-and-card.md §3) for the property tests, with the plain model
 * they are checked against: {@link Spec} is what the file says, {@link Fault} one way of breaking
 * it and the {@link TrustReason} that must refuse it whole. Keys are real SM2 and P-256 key pairs
 * made by Bouncy Castle once, from which each file takes distinct ones.
 */
public final class TrustFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Real key pairs, half SM2 and half P-256; a file never names one twice. */
    public static final List<ReferenceSigningKey> POOL = pool();
    /** Around the fixtures' now: windows open and close within days of it. */
    static final long NOW = VoucherFixtures.NOW;
    /** The year-9999 bound the voucher payload already has; used for a key trusted "for ever". */
    static final long YEAR_9999 = 253_402_300_799L;

    private TrustFiles() {
    }

    private static List<ReferenceSigningKey> pool() {
        List<ReferenceSigningKey> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // one more of each alg than a file holds: a key of its alg outside any file
            keys.add(ReferenceSigningKey.generate(KeyAlg.SM2, VoucherFixtures.RANDOM));
            keys.add(ReferenceSigningKey.generate(KeyAlg.ES256, VoucherFixtures.RANDOM));
        }
        return List.copyOf(keys);
    }

    /** One key of a file: its kid, its real key pair and the closed window of Unix seconds it is trusted in. */
    public record KeySpec(String kid, ReferenceSigningKey key, long notBefore, long notAfter) {
        ObjectNode json() {
            return JSON.createObjectNode().put("kid", kid).put("alg", key.alg().name())
                    .put("public_key_pem", key.publicPem()).put("not_before", notBefore).put("not_after", notAfter);
        }
    }

    /** A valid trust file as the model sees it. */
    public record Spec(String version, List<KeySpec> keys, List<String> tokens, List<String> psnNos, boolean withRevoked) {
        public ObjectNode json() {
            ObjectNode root = JSON.createObjectNode().put("version", version);
            ArrayNode array = root.putArray("keys");
            keys.forEach(k -> array.add(k.json()));
            if (withRevoked) {
                ObjectNode revoked = root.putObject("revoked");
                tokens.forEach(revoked.putArray("ec_tokens")::add);
                psnNos.forEach(revoked.putArray("psn_nos")::add);
            }
            return root;
        }

        public byte[] bytes() {
            return json().toString().getBytes(StandardCharsets.UTF_8);
        }

        public Spec withVersion(String v) {
            return new Spec(v, keys, tokens, psnNos, withRevoked);
        }
    }

    /** A window: often around now, sometimes a single second, sometimes open until year 9999. */
    private static Arbitrary<long[]> window() {
        Arbitrary<Long> start = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(NOW - 3_000_000, NOW + 3_000_000)),
                Tuple.of(1, Arbitraries.longs().between(1_000_000, NOW)),
                Tuple.of(1, Arbitraries.just(NOW)));
        Arbitrary<Long> length = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(1, Arbitraries.just(1L)),
                Tuple.of(6, Arbitraries.longs().between(2, 6_000_000)),
                Tuple.of(1, Arbitraries.just(-1L))); // until year 9999
        return Combinators.combine(start, length).as((s, l) -> new long[] {s, l < 0 ? YEAR_9999 : s + l});
    }

    /** Valid trust files of 1..5 keys (distinct kids, distinct key pairs), with or without revocations. */
    public static Arbitrary<Spec> valid() {
        Arbitrary<List<long[]>> windows = window().list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<Long> shuffle = Arbitraries.longs();
        Arbitrary<List<String>> tokens = Arbitraries.strings().withCharRange('0', '9').withCharRange('A', 'Z')
                .ofMinLength(40).ofMaxLength(64).list().ofMaxSize(4);
        Arbitrary<List<String>> psns = Arbitraries.strings().numeric().ofMinLength(10).ofMaxLength(20).list().ofMaxSize(4);
        Arbitrary<String> version = Arbitraries.strings().withCharRange('0', '9').ofLength(6).map(s -> "2026-" + s);
        return Combinators.combine(windows, shuffle, tokens, psns, version, Arbitraries.integers().between(0, 5))
                .as((ws, seed, ts, ps, v, revokedShape) -> {
                    List<ReferenceSigningKey> keys = new ArrayList<>(POOL);
                    Collections.shuffle(keys, new Random(seed));
                    List<KeySpec> specs = new ArrayList<>();
                    for (int i = 0; i < ws.size(); i++) {
                        specs.add(new KeySpec("hsa-" + Long.toHexString(seed & 0xFFFF) + "-" + i, keys.get(i), ws.get(i)[0], ws.get(i)[1]));
                    }
                    return new Spec(v, specs, ts, ps, revokedShape != 0);
                });
    }

    /** One way to break a valid file, and the reason that must refuse it. */
    public enum Fault {
        NUMBER_FOR_KID(TrustReason.BAD_FIELD), NUMBER_FOR_VERSION(TrustReason.BAD_FIELD), NUMBER_FOR_PEM(TrustReason.BAD_FIELD),
        NUMBER_FOR_ALG(TrustReason.BAD_FIELD), TEXT_FOR_NOT_BEFORE(TrustReason.BAD_FIELD), FRACTION_FOR_NOT_AFTER(TrustReason.BAD_FIELD),
        NEGATIVE_NOT_BEFORE(TrustReason.BAD_FIELD), NULL_NOT_AFTER(TrustReason.BAD_FIELD), BEYOND_YEAR_9999(TrustReason.BAD_FIELD),
        OBJECT_FOR_KEYS(TrustReason.BAD_FIELD), NUMBER_IN_REVOKED(TrustReason.BAD_FIELD), TEXT_FOR_REVOKED(TrustReason.BAD_FIELD),
        UNKNOWN_TOP_FIELD(TrustReason.BAD_FIELD), UNKNOWN_KEY_FIELD(TrustReason.BAD_FIELD), UNKNOWN_REVOKED_FIELD(TrustReason.BAD_FIELD),
        MISSING_VERSION(TrustReason.BAD_FIELD), MISSING_KEYS(TrustReason.BAD_FIELD), MISSING_KEY_FIELD(TrustReason.BAD_FIELD),
        EMPTY_KID(TrustReason.BAD_FIELD), LONG_KID(TrustReason.BAD_FIELD),
        PEM_GARBAGE(TrustReason.BAD_PEM), PEM_BYTE_CHANGED(TrustReason.BAD_PEM), PEM_CUT(TrustReason.BAD_PEM),
        PEM_P384(TrustReason.BAD_PEM), PEM_RSA(TrustReason.BAD_PEM), PEM_PRIVATE(TrustReason.BAD_PEM),
        PEM_OTHER_CURVE(TrustReason.ALG_CURVE_MISMATCH), UNKNOWN_ALG(TrustReason.UNSUPPORTED_ALG),
        DUPLICATE_KID(TrustReason.DUPLICATE_KID), NOT_BEFORE_AFTER_NOT_AFTER(TrustReason.BAD_VALIDITY),
        SYNTAX_BROKEN(TrustReason.NOT_JSON), TRUNCATED(TrustReason.NOT_JSON), DUPLICATE_JSON_KEY(TrustReason.NOT_JSON),
        TRAILING_TEXT(TrustReason.NOT_JSON), TOP_LEVEL_ARRAY(TrustReason.NOT_JSON), EMPTY_FILE(TrustReason.NOT_JSON);

        public final TrustReason reason;

        Fault(TrustReason reason) {
            this.reason = reason;
        }
    }

    /** A fault applied to a file: which key it hits and a number that picks where, when the fault needs one. */
    public record Faulty(Spec spec, Fault fault, int keyIndex, int where) {
        /** The broken file's bytes. */
        public byte[] bytes() {
            ObjectNode root = spec.json();
            ArrayNode keys = (ArrayNode) root.get("keys");
            int i = Math.floorMod(keyIndex, keys.size());
            ObjectNode key = (ObjectNode) keys.get(i);
            String pem = key.get("public_key_pem").asText();
            switch (fault) {
                case NUMBER_FOR_KID -> key.put("kid", where);
                case NUMBER_FOR_VERSION -> root.put("version", where);
                case NUMBER_FOR_PEM -> key.put("public_key_pem", where);
                case NUMBER_FOR_ALG -> key.put("alg", 2);
                case TEXT_FOR_NOT_BEFORE -> key.put("not_before", key.get("not_before").asText());
                case FRACTION_FOR_NOT_AFTER -> key.put("not_after", key.get("not_after").asLong() + 0.5);
                case NEGATIVE_NOT_BEFORE -> key.put("not_before", -1 - Math.floorMod(where, 1000));
                case NULL_NOT_AFTER -> key.putNull("not_after");
                case BEYOND_YEAR_9999 -> key.put(where % 2 == 0 ? "not_after" : "not_before",
                        where % 3 == 0 ? Long.MAX_VALUE : YEAR_9999 + 1 + Math.floorMod(where, 1_000_000_000));
                case OBJECT_FOR_KEYS -> root.putObject("keys");
                case NUMBER_IN_REVOKED -> root.putObject("revoked").putArray(where % 2 == 0 ? "ec_tokens" : "psn_nos").add("a").add(where);
                case TEXT_FOR_REVOKED -> root.put("revoked", "none");
                case UNKNOWN_TOP_FIELD -> root.put("comment", "x");
                case UNKNOWN_KEY_FIELD -> key.put("use", "sig");
                case UNKNOWN_REVOKED_FIELD -> root.putObject("revoked").putArray("cards");
                case MISSING_VERSION -> root.remove("version");
                case MISSING_KEYS -> root.remove("keys");
                case MISSING_KEY_FIELD -> key.remove(List.of("kid", "alg", "public_key_pem", "not_before", "not_after")
                        .get(Math.floorMod(where, 5)));
                case EMPTY_KID -> key.put("kid", "");
                case LONG_KID -> key.put("kid", "k".repeat(TrustedKey.MAX_KID_LENGTH + 1 + Math.floorMod(where, 10)));
                case PEM_GARBAGE -> key.put("public_key_pem", "-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----\n");
                case PEM_BYTE_CHANGED -> key.put("public_key_pem", changedByte(pem, where));
                case PEM_CUT -> key.put("public_key_pem", pem.substring(0, 27 + Math.floorMod(where, pem.length() - 28)));
                case PEM_P384 -> key.put("public_key_pem", pem(OTHER_KEYS.get(0)));
                case PEM_RSA -> key.put("public_key_pem", pem(OTHER_KEYS.get(1)));
                case PEM_PRIVATE -> key.put("public_key_pem", spec.keys.get(i).key().privatePem());
                case PEM_OTHER_CURVE -> key.put("alg", spec.keys.get(i).key().alg() == KeyAlg.SM2 ? "ES256" : "SM2");
                case UNKNOWN_ALG -> key.put("alg", List.of("RS256", "sm2", "ES384", "SM2 ", "").get(Math.floorMod(where, 5)));
                case DUPLICATE_KID -> duplicate(keys, i, where);
                case NOT_BEFORE_AFTER_NOT_AFTER -> key.put("not_after", key.get("not_before").asLong() - 1 - Math.floorMod(where, 1000));
                default -> {
                    return textFault(root.toString());
                }
            }
            return root.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Another key entry (another real key pair, its own alg) with the kid of key {@code i}, somewhere after it. */
        private void duplicate(ArrayNode keys, int i, int where) {
            ReferenceSigningKey other = POOL.stream().filter(k -> spec.keys.stream().noneMatch(s -> s.key() == k))
                    .findFirst().orElseThrow();
            KeySpec original = spec.keys.get(i);
            keys.insert(i + 1 + Math.floorMod(where, keys.size() - i),
                    new KeySpec(original.kid(), other, original.notBefore(), original.notAfter()).json());
        }

        private byte[] textFault(String text) {
            String out = switch (fault) {
                case SYNTAX_BROKEN -> deleteOneOf(text, ":,", where);
                case TRUNCATED -> text.substring(0, Math.floorMod(where, text.length() - 1) + 1);
                case DUPLICATE_JSON_KEY -> text.replaceFirst("\"version\":", "\"version\":\"again\",\"version\":");
                case TRAILING_TEXT -> text + " x";
                case TOP_LEVEL_ARRAY -> "[" + text + "]";
                case EMPTY_FILE -> where % 2 == 0 ? "" : " \n";
                default -> throw new IllegalStateException(fault.name());
            };
            return out.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A P-384 and an RSA public key (neither is a curve of the spec). */
    private static final List<byte[]> OTHER_KEYS = otherKeys();

    private static List<byte[]> otherKeys() {
        try {
            KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
            p384.initialize(new ECGenParameterSpec("secp384r1"));
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(1024);
            return List.of(p384.generateKeyPair().getPublic().getEncoded(), rsa.generateKeyPair().getPublic().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    /** The PEM with one byte of its DER changed (re-encoded, so the base64 stays well formed). */
    static String changedByte(String pem, int where) {
        Matcher body = Pattern.compile("-----BEGIN PUBLIC KEY-----(.*)-----END PUBLIC KEY-----", Pattern.DOTALL).matcher(pem);
        if (!body.find()) {
            throw new IllegalStateException("not a PEM");
        }
        byte[] der = Base64.getMimeDecoder().decode(body.group(1));
        int at = Math.floorMod(where, der.length);
        der[at] ^= (byte) (1 + Math.floorMod(where >> 8, 255));
        return pem(der);
    }

    /** The text with one of the characters {@code chars} (picked by {@code where}) deleted: never valid JSON again. */
    private static String deleteOneOf(String text, String chars, int where) {
        List<Integer> at = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && chars.indexOf(c) >= 0) {
                at.add(i);
            }
        }
        int i = at.get(Math.floorMod(where, at.size()));
        return text.substring(0, i) + text.substring(i + 1);
    }

    /** A payload valid at {@code at} (issued 10 s before, expiring 110 s after), with a fresh nonce. */
    public static VoucherFixtures.Payload payloadAt(Instant at) {
        VoucherFixtures.Payload p = VoucherFixtures.payload();
        p.iat = at.getEpochSecond() - 10;
        p.exp = at.getEpochSecond() + 110;
        return p;
    }

    /** The verifier's decision on a voucher {@code key} signed under {@code kid}: a refusal code or "accepted". */
    public static String outcome(Ybec1Verifier verifier, ReferenceSigningKey key, String kid, VoucherFixtures.Payload p, Instant at) {
        VoucherOutcome outcome = verifier.decode(VoucherFixtures.issue(key, kid, p), at);
        return outcome instanceof VoucherOutcome.Refused r ? r.refusal().reason().code() : "accepted";
    }

    /**
     * How a verifier decides a voucher of each key of {@code spec} in the middle of its window and a
     * second after it, and one naming each revoked ec_token and psn_no: what must not change while
     * that file is in force.
     */
    public static Map<String, String> decisions(Spec spec, Ybec1Verifier verifier) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeySpec key : spec.keys()) {
            Instant at = Instant.ofEpochSecond(key.notBefore() + (Math.min(key.notAfter(), YEAR_9999 - 200) - key.notBefore()) / 2);
            Instant after = Instant.ofEpochSecond(key.notAfter() + 1);
            out.put(key.kid(), outcome(verifier, key.key(), key.kid(), payloadAt(at), at));
            out.put(key.kid() + " after", outcome(verifier, key.key(), key.kid(), payloadAt(after), after));
            for (String token : spec.tokens()) {
                VoucherFixtures.Payload p = payloadAt(at);
                p.ecToken = token;
                out.put(key.kid() + " token " + token, outcome(verifier, key.key(), key.kid(), p, at));
            }
            for (String psn : spec.psnNos()) {
                VoucherFixtures.Payload p = payloadAt(at);
                p.psnNo = psn;
                out.put(key.kid() + " psn " + psn, outcome(verifier, key.key(), key.kid(), p, at));
            }
        }
        return out;
    }
}
