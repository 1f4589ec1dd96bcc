package org.yibao.terminal.identity.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.yibao.provisioning.json.JsonSyntax;
import org.yibao.terminal.store.FileProblem;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a trust file (spec §3) and either returns a complete {@link TrustFile} or refuses it
 * whole with a {@link TrustReason}: an unknown field, a field of the wrong JSON type, a bad
 * PEM, a key whose curve is not its declared alg, a duplicate kid, not_before after
 * not_after, duplicate JSON keys. Nothing of a refused file is used. A refusal's detail is for the
 * technician, in Chinese: the file (when read from one), the key path ({@code keys[0].kid}) and
 * what is wrong.
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
    private static final String ALG_NAMES =
            Arrays.stream(KeyAlg.values()).map(Enum::name).collect(Collectors.joining(" 或 "));

    private TrustFileReader() {
    }

    /**
     * Reads {@code file}; refused with {@link TrustReason} when unreadable or invalid, the detail
     * starting with the file as given ({@code trust.json：keys[0] 有未知字段 extra}).
     */
    public static TrustFile read(Path file) {
        return parse(file, bytes(file));
    }

    /** The bytes of {@code file}, at most {@link #MAX_BYTES}; refused 1560 when unreadable, 1561 when larger. */
    public static byte[] bytes(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new RefusedException(new Refusal(TrustReason.UNREADABLE,
                    file + "：" + FileProblem.unreadable(file, e)), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new RefusedException(TrustReason.TOO_LARGE, file + "：大于 " + MAX_BYTES + " 字节");
        }
        return bytes;
    }

    /** As {@link #parse(byte[])}, a refusal's detail starting with {@code file}, where the text came from. */
    public static TrustFile parse(Path file, byte[] json) {
        try {
            return parse(json);
        } catch (RefusedException e) {
            Refusal refusal = e.refusal();
            throw new RefusedException(new Refusal(refusal.reason(), file + "：" + refusal.detail()), e);
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
            if (root == null || root.isMissingNode()) {
                throw new RefusedException(TrustReason.NOT_JSON, "文件为空");
            }
            if (!root.isObject()) {
                throw new RefusedException(TrustReason.NOT_JSON, "顶层须为 JSON 对象");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new RefusedException(TrustReason.NOT_JSON, JsonSyntax.describe(e));
        } catch (IOException e) {
            throw new RefusedException(TrustReason.NOT_JSON, "读取出错（输入输出错误）");
        }
    }

    private static Map<String, TrustedKey> keys(JsonNode array) {
        Map<String, TrustedKey> keys = new LinkedHashMap<>();
        Map<String, Integer> indexes = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            TrustedKey key = key(array.get(i), "keys[" + i + "]");
            Integer earlier = indexes.putIfAbsent(key.kid(), i);
            if (earlier != null) {
                throw new RefusedException(TrustReason.DUPLICATE_KID,
                        "keys[" + i + "].kid 为 " + key.kid() + "，与 keys[" + earlier + "] 相同");
            }
            keys.put(key.kid(), key);
        }
        return keys;
    }

    private static TrustedKey key(JsonNode node, String path) {
        Fields fields = new Fields(node, path, KEY_FIELDS);
        String kid = fields.text("kid");
        if (kid.isEmpty() || kid.length() > TrustedKey.MAX_KID_LENGTH) {
            // A voucher's header names its key with at most MAX_KID_LENGTH characters.
            throw new RefusedException(TrustReason.BAD_FIELD, path + ".kid 长度须为 1 至 "
                    + TrustedKey.MAX_KID_LENGTH + " 个字符");
        }
        String algName = fields.text("alg");
        KeyAlg alg = KeyAlg.byName(algName).orElseThrow(() -> new RefusedException(TrustReason.UNSUPPORTED_ALG,
                path + ".alg 为 " + shortened(algName) + "，须为 " + ALG_NAMES));
        String named = path + "（kid " + kid + "）";
        SignatureCheck signature = readPem(fields.text("public_key_pem"), path + ".public_key_pem（kid " + kid + "）");
        if (signature.alg() != alg) {
            throw new RefusedException(TrustReason.ALG_CURVE_MISMATCH,
                    named + "：alg 声明为 " + alg + "，公钥却是 " + signature.alg() + " 曲线");
        }
        long notBefore = fields.epoch("not_before");
        long notAfter = fields.epoch("not_after");
        if (notBefore > notAfter) {
            throw new RefusedException(TrustReason.BAD_VALIDITY, named + "：not_before 晚于 not_after");
        }
        return new TrustedKey(kid, alg, signature, notBefore, notAfter);
    }

    private static SignatureCheck readPem(String pem, String where) {
        try {
            return PublicKeyPem.read(pem);
        } catch (RefusedException e) {
            throw new RefusedException(TrustReason.BAD_PEM, where + "：" + e.refusal().detail());
        }
    }

    /** A value from the file as a detail shows it: at most 32 characters. */
    private static String shortened(String value) {
        return value.length() <= 32 ? value : value.substring(0, 32) + "…";
    }

    private static Revocations revocations(JsonNode node) {
        Fields fields = new Fields(node, "revoked", REVOKED_FIELDS);
        return new Revocations(fields.textSet("ec_tokens"), fields.textSet("psn_nos"));
    }

    /** Typed, strict access to one JSON object; every miss refuses the file. */
    private record Fields(JsonNode node, String path, Set<String> allowed) {
        Fields {
            if (!node.isObject()) {
                throw badField(path + " 须为 JSON 对象");
            }
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (!allowed.contains(property.getKey())) {
                    throw badField(subject(path) + "有未知字段 " + shortened(property.getKey()));
                }
            }
        }

        String text(String name) {
            JsonNode value = required(name);
            if (!value.isTextual()) {
                throw badField(at(name) + " 须为字符串");
            }
            return value.textValue();
        }

        long epoch(String name) {
            JsonNode value = required(name);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw badField(at(name) + " 须为 Unix 秒数（非负整数）");
            }
            if (value.longValue() > TrustedKey.MAX_EPOCH_SECOND) {
                // Not a time a key can be checked against (nor one a voucher may carry): most likely milliseconds.
                throw badField(at(name) + " 超出范围，须不晚于 9999-12-31（" + TrustedKey.MAX_EPOCH_SECOND + "）");
            }
            return value.longValue();
        }

        JsonNode array(String name) {
            JsonNode value = required(name);
            if (!value.isArray()) {
                throw badField(at(name) + " 须为数组");
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
            JsonNode items = array(name);
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                if (!item.isTextual()) {
                    throw badField(at(name) + "[" + i + "] 须为字符串");
                }
                values.add(item.textValue());
            }
            return values;
        }

        private JsonNode required(String name) {
            JsonNode value = node.get(name);
            if (value == null) {
                throw badField(subject(path) + "缺少 " + name);
            }
            return value;
        }

        private String at(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        /** An object as the subject of a detail: its key path and a space, or 顶层 for the top level. */
        private static String subject(String path) {
            return path.isEmpty() ? "顶层" : path + " ";
        }

        private static RefusedException badField(String detail) {
            return new RefusedException(TrustReason.BAD_FIELD, detail);
        }
    }
}
