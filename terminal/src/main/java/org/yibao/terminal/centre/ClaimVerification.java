package org.yibao.terminal.centre;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.yibao.outbox.Lane;
import org.yibao.outbox.centre.ClaimCheck;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.Topics;

/**
 * What the reference centre checks in a terminal's message before storing it, so that nothing
 * it stores breaks what it later reads (reconciliation, the person service, update results):
 *
 * <ul>
 *   <li>every payload is a JSON object ({@value #PAYLOAD}), and one that names an institution
 *       ({@code fixmedins_code}, {@code admdvs}) names the topic's ({@value #INSTITUTION});
 *   <li>a claim (the claims topic) is what SettleEngine.claim writes: type {@code settlement}
 *       or {@code reversal}, its {@code kind} the same ({@value #TYPE}); the topic's
 *       institution ({@value #INSTITUTION}, both fields required) and device
 *       ({@code device_id}, {@code E_DEVICE}); a settlement {@link ClaimReader} can read, with
 *       its setl_id and date ({@value #CLAIM});
 *   <li>a message on the control lane has no claim type ({@value #TYPE}): what the centre reads
 *       as claims ({@link #CLAIM_ROWS}) is only what was verified as one.
 * </ul>
 *
 * A refused message is answered REJECTED with the code and a Chinese reason and not stored.
 */
public final class ClaimVerification implements ClaimCheck {
    /** The payload is not a JSON object (not JSON, empty, an array...). */
    public static final String PAYLOAD = "E_PAYLOAD";
    /** A claim's type is missing or unknown, or its kind is not its type. */
    public static final String TYPE = "E_TYPE";
    /** The institution or area named in the payload is not the topic's (or a claim names none). */
    public static final String INSTITUTION = "E_INSTITUTION";
    /** The claim holds no settlement the centre can read (setl_id, date, amounts). */
    public static final String CLAIM = "E_CLAIM";
    /** The claim types the terminal sends (SettleEngine and Reverser). */
    static final Set<String> CLAIM_TYPES = Set.of("settlement", "reversal");
    /**
     * The stored rows that are claims, as SQL: the claim types, which only the claims lane
     * stores (its messages verified as claims; the control lane's are refused a claim type).
     */
    static final String CLAIM_ROWS = "type IN ('settlement', 'reversal')";

    /** Whether a stored message of {@code type} is a claim (see {@link #CLAIM_ROWS}); every other type is control traffic. */
    static boolean isClaim(String type) {
        return type != null && CLAIM_TYPES.contains(type); // rows of earlier centres may have no type
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Optional<Refusal> refusal(Topics from, Lane lane, Envelope envelope) {
        JsonNode root;
        try {
            root = envelope.payload().length == 0 ? null : JSON.readTree(envelope.payload());
        } catch (IOException | RuntimeException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return refuse(PAYLOAD, "报文内容不是 JSON 对象");
        }
        boolean claim = lane == Lane.MESSAGES;
        if (!fits(root, "fixmedins_code", from.fixmedinsCode(), claim) || !fits(root, "admdvs", from.admdvs(), claim)) {
            return refuse(INSTITUTION, "报文的机构编码或医保区划与上传设备所属机构不符");
        }
        if (!claim) {
            return isClaim(envelope.type()) ? refuse(TYPE, "结算单须经结算申报通道上传，不能经控制通道") : Optional.empty();
        }
        if (!isClaim(envelope.type()) || !envelope.type().equals(text(root, "kind"))) {
            return refuse(TYPE, "结算单类型缺失或与报文类型不符");
        }
        if (!from.deviceId().equals(text(root, "device_id"))) {
            return refuse(ClaimStore.DEVICE_REFUSAL, "结算单的设备编号与上传设备不符");
        }
        if (ClaimReader.read(envelope.type(), root).isEmpty()) {
            return refuse(CLAIM, "结算单缺少结算号、结算时间或金额无效，中心无法读取");
        }
        return Optional.empty();
    }

    /** Whether {@code field} of {@code root} is {@code expected}, or absent when not {@code required}. */
    private static boolean fits(JsonNode root, String field, String expected, boolean required) {
        String value = text(root, field);
        return value == null ? !required : value.equals(expected);
    }

    /** The text of a scalar field, null when absent, null or a container. */
    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static Optional<Refusal> refuse(String code, String reason) {
        return Optional.of(new Refusal(code, reason));
    }
}
