package org.yibao.terminal.api.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Objects;
import org.yibao.terminal.domain.Refusal;

/**
 * Writes response envelopes: {@code infcode} (0 success, -1 failure), {@code inf_refmsgid} (the
 * terminal's own id of this answer), {@code refmsg_time} (when the request arrived) and
 * {@code respond_time} (now), both yyyyMMddHHmmssSSS in the clock's zone, {@code err_msg},
 * {@code warn_msg}, {@code output} ({@code {}} on failure) and {@code term_errcode} (the
 * four-digit reason code, {@code ""} on success). Thread-safe.
 */
public final class ResponseWriter {
    private final ObjectMapper mapper;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ResponseWriter(ObjectMapper mapper, Clock clock) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A success answer carrying {@code output} and an optional warning ({@code ""} for none). */
    public String success(Instant received, JsonNode output, String warnMsg) {
        return write(envelope(received, 0, "", warnMsg, output, ""));
    }

    /** A failure answer for {@code refusal}: err_msg is its Chinese message and detail. */
    public String refusal(Instant received, Refusal refusal) {
        return write(envelope(received, -1, refusal.errMsg(), "", mapper.createObjectNode(), refusal.reason().code()));
    }

    private ObjectNode envelope(Instant received, int infcode, String errMsg, String warnMsg, JsonNode output,
                                String termErrcode) {
        String respondTime = stamp(clock.instant());
        ObjectNode node = mapper.createObjectNode();
        node.put("infcode", infcode);
        node.put("inf_refmsgid", respondTime + HexFormat.of().formatHex(randomBytes()));
        node.put("refmsg_time", stamp(received));
        node.put("respond_time", respondTime);
        node.put("err_msg", errMsg);
        node.put("warn_msg", warnMsg == null ? "" : warnMsg);
        node.set("output", output == null ? mapper.createObjectNode() : output);
        node.put("term_errcode", termErrcode);
        return node;
    }

    private String stamp(Instant instant) {
        return LocalDateTime.ofInstant(instant, clock.getZone()).format(Timestamps.MILLIS);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return bytes;
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }
}
