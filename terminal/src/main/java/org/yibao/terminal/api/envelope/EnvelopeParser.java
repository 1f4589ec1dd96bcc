package org.yibao.terminal.api.envelope;

import static org.yibao.terminal.api.envelope.JsonFields.optionalCode;
import static org.yibao.terminal.api.envelope.JsonFields.optionalText;
import static org.yibao.terminal.api.envelope.JsonFields.requiredCode;
import static org.yibao.terminal.api.envelope.JsonFields.requiredObject;
import static org.yibao.terminal.api.envelope.JsonFields.requiredText;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yibao.provisioning.json.JsonSyntax;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.text.StrictUtf8;

/**
 * Parses one request body into a {@link RequestEnvelope}, or refuses it with the first problem
 * found and a detail naming the field (10xx codes of {@link EnvelopeReason}). Promises: strict
 * UTF-8, exactly one JSON object, no duplicate keys, no trailing content; required fields are
 * present and typed; unknown fields are ignored; a parser serving one institution refuses a
 * request for another (1016). Never throws for bad input. Thread-safe.
 */
public final class EnvelopeParser {
    /**
     * Left out of the request fingerprint: a host that retries rebuilds the envelope with a new
     * inf_time (and so a new signature over it), yet it is the same request.
     */
    static final Set<String> NOT_FINGERPRINTED = Set.of("inf_time", "cainfo");
    /** Left out of the second fingerprint too: the sign_no, which a host signed in again sends anew. */
    static final Set<String> NOT_FINGERPRINTED_IN_ANY_SESSION = Set.of("inf_time", "cainfo", "sign_no");

    private static final Pattern INFNO = Pattern.compile("[0-9A-Za-z_]{1,32}");
    private static final Pattern FIXMEDINS_CODE = Pattern.compile("[0-9A-Za-z]{12}");

    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // a price 20.00 stays 20.00 for the handlers and the detlcutinfo that echoes it, as in Json.MAPPER
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final Optional<String> institution;

    /** A parser that takes requests for any institution (tools and tests that read envelopes). */
    public EnvelopeParser() {
        this.institution = Optional.empty();
    }

    /** A parser for a terminal of institution {@code fixmedinsCode}: requests naming another are refused (1016). */
    public EnvelopeParser(String fixmedinsCode) {
        this.institution = Optional.of(Objects.requireNonNull(fixmedinsCode, "fixmedinsCode"));
    }

    /** The mapper requests are read with; handlers may use it to build their output. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses {@code body}; see the class promises. */
    public ParseOutcome parse(byte[] body) {
        try {
            ObjectNode root = readObject(decode(body));
            RequestEnvelope envelope = envelope(root);
            ourInstitution(envelope.fixmedinsCode());
            return new ParseOutcome.Parsed(new ParsedRequest(envelope, CanonicalJson.sha256(root, NOT_FINGERPRINTED),
                    CanonicalJson.sha256(root, NOT_FINGERPRINTED_IN_ANY_SESSION)));
        } catch (RefusedException e) {
            return new ParseOutcome.Rejected(e.refusal());
        }
    }

    private static String decode(byte[] body) {
        if (body.length == 0) throw new RefusedException(EnvelopeReason.BAD_JSON, "请求体为空");
        String text = StrictUtf8.decode(body).orElseThrow(() -> new RefusedException(EnvelopeReason.BAD_ENCODING, ""));
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private ObjectNode readObject(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RefusedException(EnvelopeReason.BAD_JSON, JsonSyntax.describe(e));
        } catch (NumberFormatException e) {
            // Jackson's answer to a number whose exponent no BigDecimal holds (1E-2147483648)
            throw new RefusedException(EnvelopeReason.BAD_JSON, "数字超出范围（指数过大或过小）");
        }
        if (root == null || root.isMissingNode()) throw new RefusedException(EnvelopeReason.BAD_JSON, "请求体为空");
        if (!(root instanceof ObjectNode object)) {
            throw new RefusedException(EnvelopeReason.NOT_OBJECT, "实为" + JsonFields.kind(root));
        }
        return object;
    }


    private static RequestEnvelope envelope(ObjectNode root) {
        String infno = requiredCode(root, "infno", "infno");
        if (!INFNO.matcher(infno).matches()) throw new RefusedException(EnvelopeReason.BAD_VALUE, "infno");
        Msgid msgid = msgid(requiredText(root, "msgid", "msgid"));
        String mdtrtarea = optionalCode(root, "mdtrtarea_admvs", "mdtrtarea_admvs");
        String insuplc = optionalCode(root, "insuplc_admdvs", "insuplc_admdvs");
        String recer = optionalText(root, "recer_sys_code", "recer_sys_code");
        String devNo = optionalText(root, "dev_no", "dev_no");
        String devSafe = optionalText(root, "dev_safe_info", "dev_safe_info");
        String cainfo = optionalText(root, "cainfo", "cainfo");
        String signtype = optionalText(root, "signtype", "signtype");
        String infver = optionalText(root, "infver", "infver");
        OpterType opterType = opterType(requiredCode(root, "opter_type", "opter_type"));
        String opter = requiredText(root, "opter", "opter");
        String opterName = optionalText(root, "opter_name", "opter_name");
        LocalDateTime infTime = infTime(requiredText(root, "inf_time", "inf_time"));
        String fixmedinsCode = fixmedinsCode(requiredText(root, "fixmedins_code", "fixmedins_code"), msgid);
        String fixmedinsName = optionalText(root, "fixmedins_name", "fixmedins_name");
        String signNo = optionalText(root, "sign_no", "sign_no");
        ObjectNode input = requiredObject(root, "input", "input");
        return new RequestEnvelope(infno, msgid, mdtrtarea, insuplc, recer, devNo, devSafe, cainfo, signtype, infver,
                opterType, opter, opterName, infTime, fixmedinsCode, fixmedinsName, signNo, input);
    }

    private static Msgid msgid(String text) {
        Msgid.problem(text).ifPresent(problem -> {
            throw new RefusedException(EnvelopeReason.BAD_MSGID, problem);
        });
        return new Msgid(text);
    }

    private static OpterType opterType(String text) {
        return OpterType.ofCode(text).orElseThrow(
                () -> new RefusedException(EnvelopeReason.BAD_VALUE, "opter_type 须为 1、2 或 3"));
    }

    private static LocalDateTime infTime(String text) {
        try {
            return LocalDateTime.parse(text, Timestamps.TIME);
        } catch (DateTimeParseException e) {
            throw new RefusedException(EnvelopeReason.BAD_VALUE, "inf_time 须为 yyyy-MM-dd HH:mm:ss");
        }
    }

    private void ourInstitution(String fixmedinsCode) {
        if (institution.isPresent() && !institution.get().equals(fixmedinsCode)) {
            throw new RefusedException(EnvelopeReason.OTHER_INSTITUTION, "fixmedins_code " + fixmedinsCode
                    + "，本机所属机构 " + institution.get());
        }
    }

    private static String fixmedinsCode(String text, Msgid msgid) {
        if (!FIXMEDINS_CODE.matcher(text).matches()) {
            throw new RefusedException(EnvelopeReason.BAD_VALUE, "fixmedins_code 须为 12 位字母或数字");
        }
        if (!msgid.fixmedinsCode().equals(text)) {
            throw new RefusedException(EnvelopeReason.BAD_MSGID, "前 12 位须与 fixmedins_code 相同");
        }
        return text;
    }
}
