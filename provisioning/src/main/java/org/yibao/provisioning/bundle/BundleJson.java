package org.yibao.provisioning.bundle;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.{0,64})'");
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
        try {
            Signature s = Signature.getInstance(KeyAlgorithm.of(key).signatureAlgorithm(), Bc.provider());
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Where and how {@code e}'s JSON breaks, in Chinese for the technician ("第 1 行第 27 列：内容不完整（括号或引号未闭合）"):
     * never the parser's English text or class names.
     */
    static String syntax(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String place = location == null ? "" : "第 " + location.getLineNr() + " 行第 " + location.getColumnNr() + " 列：";
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) return place + "键 " + duplicate.group(1) + " 重复";
        return place + switch (e) {
            case JsonEOFException _ -> "内容不完整（括号或引号未闭合）";
            case JsonProcessingException _ when original.startsWith("Unexpected end-of-input") -> "内容不完整（括号或引号未闭合）";
            case MismatchedInputException _ when original.startsWith("Trailing token") -> "JSON 之后还有多余内容";
            default -> "JSON 语法错误";
        };
    }

    /** The shared strict JSON mapper (duplicate keys and trailing tokens are errors). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
