package org.yibao.terminal.identity.voucher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yibao.terminal.identity.trust.KeyAlg;
import org.yibao.terminal.identity.trust.TrustedKey;
import org.yibao.terminal.text.StrictUtf8;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The JSON of a voucher's header and payload: strict reading (one object, no duplicate keys,
 * nothing after it, UTF-8 only) into {@link VoucherHeader} / {@link VoucherPayload}, and the
 * writing the reference issuer uses. Unknown fields are ignored, so the centre can add
 * informative fields without breaking deployed terminals.
 */
final class VoucherJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** "SM2 或 ES256": the algorithms a header may name, for the detail of a refusal. */
    private static final String ALG_NAMES =
            Arrays.stream(KeyAlg.values()).map(Enum::name).collect(Collectors.joining(" 或 "));

    private VoucherJson() {
    }

    static Checked<VoucherHeader> header(byte[] json) {
        Optional<JsonNode> tree = object(json);
        if (tree.isEmpty()) {
            return Checked.no(VoucherReason.BAD_JSON, "头部段不是 JSON 对象");
        }
        JsonNode node = tree.get();
        String typ = text(node, "typ");
        String alg = text(node, "alg");
        String kid = text(node, "kid");
        String missing = typ == null ? "typ" : alg == null ? "alg" : kid == null ? "kid" : null;
        if (missing != null) {
            return Checked.no(VoucherReason.BAD_FIELD, "头部缺少 " + missing + " 或其不是字符串");
        }
        if (kid.isEmpty() || kid.length() > TrustedKey.MAX_KID_LENGTH) {
            return Checked.no(VoucherReason.BAD_FIELD, "头部 kid 长度须为 1 至 " + TrustedKey.MAX_KID_LENGTH + " 个字符");
        }
        if (!VoucherHeader.TYP.equals(typ)) {
            return Checked.no(VoucherReason.UNSUPPORTED_TYPE, "头部 typ 须为 " + VoucherHeader.TYP);
        }
        return KeyAlg.byName(alg)
                .<Checked<VoucherHeader>>map(a -> Checked.ok(new VoucherHeader(a, kid)))
                .orElseGet(() -> Checked.no(VoucherReason.UNSUPPORTED_ALG, "头部 alg 须为 " + ALG_NAMES));
    }

    static Checked<VoucherPayload> payload(byte[] json) {
        Optional<JsonNode> tree = object(json);
        if (tree.isEmpty()) {
            return Checked.no(VoucherReason.BAD_JSON, "内容段不是 JSON 对象");
        }
        JsonNode node = tree.get();
        JsonNode ver = node.get("ver");
        if (ver == null || !ver.isIntegralNumber()) {
            return Checked.no(VoucherReason.BAD_FIELD, "ver 缺失或不是整数");
        }
        if (!ver.canConvertToInt() || ver.intValue() != VoucherPayload.VERSION) {
            return Checked.no(VoucherReason.UNSUPPORTED_VERSION, "ver 须为 " + VoucherPayload.VERSION);
        }
        return fields(node);
    }

    private static Checked<VoucherPayload> fields(JsonNode node) {
        String[] names = {"ec_token", "psn_no", "psn_name", "psn_cert_type", "certno_tail", "insuplc_admdvs",
                "insutype", "psn_type", "biz", "nonce"};
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = text(node, names[i]);
            if (values[i] == null) {
                return Checked.no(VoucherReason.BAD_FIELD, names[i]);
            }
        }
        Long iat = epoch(node, "iat");
        Long exp = epoch(node, "exp");
        if (iat == null || exp == null) {
            return Checked.no(VoucherReason.BAD_FIELD, iat == null ? "iat" : "exp");
        }
        return Checked.ok(new VoucherPayload(VoucherPayload.VERSION, values[0], values[1], values[2], values[3],
                values[4], values[5], values[6], values[7], values[8], iat, exp, values[9]));
    }

    /** The header JSON the reference issuer writes. */
    static byte[] write(VoucherHeader header) {
        ObjectNode node = JSON.createObjectNode()
                .put("alg", header.alg().name()).put("kid", header.kid()).put("typ", VoucherHeader.TYP);
        return bytes(node);
    }

    /** The payload JSON the reference issuer writes, fields in the spec's order. */
    static byte[] write(VoucherPayload p) {
        ObjectNode node = JSON.createObjectNode().put("ver", p.ver()).put("ec_token", p.ecToken())
                .put("psn_no", p.psnNo()).put("psn_name", p.psnName()).put("psn_cert_type", p.psnCertType())
                .put("certno_tail", p.certnoTail()).put("insuplc_admdvs", p.insuplcAdmdvs())
                .put("insutype", p.insutype()).put("psn_type", p.psnType()).put("biz", p.biz())
                .put("iat", p.iat()).put("exp", p.exp()).put("nonce", p.nonce());
        return bytes(node);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** The JSON object in {@code json}; empty when it is not exactly one UTF-8 JSON object. */
    private static Optional<JsonNode> object(byte[] json) {
        if (!plainUtf8Start(json) || StrictUtf8.decode(json).isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** No byte order mark and no NUL byte, so Jackson cannot take the bytes for UTF-16/32. */
    private static boolean plainUtf8Start(byte[] json) {
        if (json.length == 0 || (json[0] & 0xFF) >= 0xEF) {
            return false;
        }
        for (byte b : json) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static Long epoch(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
    }
}
