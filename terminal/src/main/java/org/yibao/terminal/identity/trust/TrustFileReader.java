package org.yibao.terminal.identity.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a trust file (spec §3) and either returns a complete {@link TrustFile} or refuses it
 * whole with a {@link TrustReason}: an unknown field, a field of the wrong JSON type, a bad
 * PEM, a key whose curve is not its declared alg, a duplicate kid, not_before after
 * not_after, duplicate JSON keys. Nothing of a refused file is used.
 */
public final class TrustFileReader {
    /** Far above any real trust file; stops a wrong path from being read into memory. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> ROOT_FIELDS = Set.of("version", "keys", "revoked");
    private static final Set<String> KEY_FIELDS = Set.of("kid", "alg", "public_key_pem", "not_before", "not_after");
    private static final Set<String> REVOKED_FIELDS = Set.of("ec_tokens", "psn_nos");

    private TrustFileReader() {
    }

    /** Reads {@code file}; refused with {@link TrustReason} when unreadable or invalid. */
    public static TrustFile read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new RefusedException(TrustReason.TOO_LARGE, "more than " + MAX_BYTES + " bytes");
            }
            return parse(bytes);
        } catch (IOException e) {
            throw new RefusedException(new Refusal(TrustReason.UNREADABLE,
                    file.getFileName() + ": " + e.getClass().getSimpleName()), e);
        }
    }

    /** Parses the JSON text of a trust file; refused with {@link TrustReason} when invalid. */
    public static TrustFile parse(byte[] json) {
        JsonNode root = tree(json);
        Fields fields = new Fields(root, "", ROOT_FIELDS);
        String version = fields.text("version");
        Map<String, TrustedKey> keys = keys(fields.array("keys"));
        Revocations revoked = root.has("revoked") ? revocations(fields.object("revoked")) : Revocations.NONE;
        return new TrustFile(version, keys, revoked);
    }

    private static JsonNode tree(byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new RefusedException(TrustReason.NOT_JSON, "the top level is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new RefusedException(TrustReason.NOT_JSON, "line " + e.getLocation().getLineNr());
        } catch (IOException e) {
            throw new RefusedException(TrustReason.NOT_JSON, e.getClass().getSimpleName());
        }
    }

    private static Map<String, TrustedKey> keys(JsonNode array) {
        Map<String, TrustedKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            TrustedKey key = key(array.get(i), "keys[" + i + "]");
            if (keys.putIfAbsent(key.kid(), key) != null) {
                throw new RefusedException(TrustReason.DUPLICATE_KID, key.kid());
            }
        }
        return keys;
    }

    private static TrustedKey key(JsonNode node, String path) {
        Fields fields = new Fields(node, path, KEY_FIELDS);
        String kid = fields.text("kid");
        if (kid.isEmpty() || kid.length() > TrustedKey.MAX_KID_LENGTH) {
            throw new RefusedException(TrustReason.BAD_FIELD, path + ".kid must be 1-" + TrustedKey.MAX_KID_LENGTH
                    + " characters (a voucher names its key with at most that)");
        }
        String algName = fields.text("alg");
        KeyAlg alg = KeyAlg.byName(algName)
                .orElseThrow(() -> new RefusedException(TrustReason.UNSUPPORTED_ALG, kid + ": " + algName));
        SignatureCheck signature = readPem(fields.text("public_key_pem"), kid);
        if (signature.alg() != alg) {
            throw new RefusedException(TrustReason.ALG_CURVE_MISMATCH, kid + ": declared " + alg + ", key is " + signature.alg());
        }
        long notBefore = fields.epoch("not_before");
        long notAfter = fields.epoch("not_after");
        if (notBefore > notAfter) {
            throw new RefusedException(TrustReason.BAD_VALIDITY, kid + ": not_before is after not_after");
        }
        return new TrustedKey(kid, alg, signature, notBefore, notAfter);
    }

    private static SignatureCheck readPem(String pem, String kid) {
        try {
            return PublicKeyPem.read(pem);
        } catch (RefusedException e) {
            throw new RefusedException(TrustReason.BAD_PEM, kid + ": " + e.refusal().detail());
        }
    }

    private static Revocations revocations(JsonNode node) {
        Fields fields = new Fields(node, "revoked", REVOKED_FIELDS);
        return new Revocations(fields.textSet("ec_tokens"), fields.textSet("psn_nos"));
    }

    /** Typed, strict access to one JSON object; every miss refuses the file. */
    private record Fields(JsonNode node, String path, Set<String> allowed) {
        Fields {
            if (!node.isObject()) {
                throw badField(path, "is not an object");
            }
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (!allowed.contains(property.getKey())) {
                    throw badField(path, "has the unknown field " + property.getKey());
                }
            }
        }

        String text(String name) {
            JsonNode value = required(name);
            if (!value.isTextual()) {
                throw badField(at(name), "is not a string");
            }
            return value.textValue();
        }

        long epoch(String name) {
            JsonNode value = required(name);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw badField(at(name), "is not Unix seconds");
            }
            return value.longValue();
        }

        JsonNode array(String name) {
            JsonNode value = required(name);
            if (!value.isArray()) {
                throw badField(at(name), "is not an array");
            }
            return value;
        }

        JsonNode object(String name) {
            return required(name);
        }

        Set<String> textSet(String name) {
            if (!node.has(name)) {
                return Set.of();
            }
            Set<String> values = new HashSet<>();
            for (JsonNode item : array(name)) {
                if (!item.isTextual()) {
                    throw badField(at(name), "holds a value that is not a string");
                }
                values.add(item.textValue());
            }
            return values;
        }

        private JsonNode required(String name) {
            JsonNode value = node.get(name);
            if (value == null) {
                throw badField(path.isEmpty() ? "the file" : path, "lacks " + name);
            }
            return value;
        }

        private String at(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        private static RefusedException badField(String where, String what) {
            return new RefusedException(TrustReason.BAD_FIELD, where + " " + what);
        }
    }
}
