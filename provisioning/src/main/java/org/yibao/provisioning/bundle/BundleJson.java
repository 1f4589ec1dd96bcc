package org.yibao.provisioning.bundle;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.yibao.provisioning.identity.Bc;
import org.yibao.provisioning.identity.KeyAlgorithm;

/**
 * The bundle file: a JSON envelope {@code {"format":"yibao-bundle/1","payload":B64URL,"signature":B64URL}}
 * where {@code payload} is the exact UTF-8 JSON bytes that were signed (no canonicalisation
 * needed) and {@code signature} is a DER ECDSA/SM2 signature over them by the provisioning
 * root key (SHA256withECDSA for a P-256 root, SM3withSM2 for an SM2 root).
 */
public final class BundleJson {
    /** The envelope's format tag. */
    public static final String FORMAT = "yibao-bundle/1";
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private BundleJson() {
    }

    /** Signs {@code payload} with {@code root} and wraps it in the envelope (the reference centre's side). */
    public static byte[] sign(byte[] payload, PrivateKey root, KeyAlgorithm algorithm) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("format", FORMAT);
        envelope.put("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(payload));
        envelope.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signature(payload, root, algorithm)));
        return (envelope.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A DER signature of {@code data} with {@code key} (SHA256withECDSA or SM3withSM2, by {@code algorithm}). */
    public static byte[] signature(byte[] data, PrivateKey key, KeyAlgorithm algorithm) {
        try {
            Signature s = Signature.getInstance(algorithm.signatureAlgorithm(), Bc.provider());
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + algorithm, e);
        }
    }

    /** Whether {@code signature} over {@code data} verifies with {@code key}; false for any malformed input. */
    public static boolean verifies(byte[] data, byte[] signature, PublicKey key) {
        return verifies(data, 0, data.length, signature, key);
    }

    /** Whether {@code signature} over {@code length} bytes of {@code data} from {@code offset} verifies with {@code key}. */
    public static boolean verifies(byte[] data, int offset, int length, byte[] signature, PublicKey key) {
        try {
            Signature s = Signature.getInstance(KeyAlgorithm.of(key).signatureAlgorithm(), Bc.provider());
            s.initVerify(key);
            s.update(data, offset, length);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }


    /** The shared strict JSON mapper (duplicate keys and trailing tokens are errors). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
