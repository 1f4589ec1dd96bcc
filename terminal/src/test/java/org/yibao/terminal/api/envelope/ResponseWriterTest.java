package org.yibao.terminal.api.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.operator.HandClock;

class ResponseWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HandClock clock = new HandClock(Instant.parse("2026-03-02T01:00:00.250Z"));
    private final ResponseWriter writer = new ResponseWriter(MAPPER, clock);

    @Test void aSuccessCarriesOutputAndTheTimesInTheTerminalZone() throws Exception {
        Instant received = clock.instant();
        clock.advance(Duration.ofMillis(37));
        JsonNode output = MAPPER.readTree("{\"signinoutb\":{\"sign_no\":\"abc\"}}");
        JsonNode answer = MAPPER.readTree(writer.success(received, output, "脱机结算，待上传"));
        List<String> names = new ArrayList<>();
        answer.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("infcode", "inf_refmsgid", "refmsg_time", "respond_time", "err_msg", "warn_msg", "output",
                "term_errcode"), names);
        assertEquals(0, answer.get("infcode").intValue());
        assertEquals("20260302090000250", answer.get("refmsg_time").asText());
        assertEquals("20260302090000287", answer.get("respond_time").asText());
        assertTrue(answer.get("inf_refmsgid").asText().matches("20260302090000287[0-9a-f]{8}"));
        assertEquals("", answer.get("err_msg").asText());
        assertEquals("脱机结算，待上传", answer.get("warn_msg").asText());
        assertEquals("abc", answer.get("output").get("signinoutb").get("sign_no").asText());
        assertEquals("", answer.get("term_errcode").asText());
    }

    @Test void aRefusalCarriesTheCodeAndTheChineseMessageWithItsDetail() throws Exception {
        JsonNode answer = MAPPER.readTree(writer.refusal(clock.instant(), new Refusal(EnvelopeReason.MISSING_FIELD, "input.signIn")));
        assertEquals(-1, answer.get("infcode").intValue());
        assertEquals("1003", answer.get("term_errcode").asText());
        assertEquals("缺少必填字段：input.signIn", answer.get("err_msg").asText());
        assertTrue(answer.get("output").isObject() && answer.get("output").isEmpty());
    }

    /** inf_refmsgid is the terminal's own id of an answer: two answers in the same millisecond still differ. */
    @Test void answersInTheSameMillisecondHaveDifferentIds() throws Exception {
        JsonNode first = MAPPER.readTree(writer.success(clock.instant(), MAPPER.createObjectNode(), ""));
        JsonNode second = MAPPER.readTree(writer.success(clock.instant(), MAPPER.createObjectNode(), ""));
        assertEquals(first.get("respond_time"), second.get("respond_time"));
        assertTrue(!first.get("inf_refmsgid").equals(second.get("inf_refmsgid")), first + " / " + second);
    }

    @Test void aMissingWarningOrOutputIsWrittenEmpty() throws Exception {
        JsonNode answer = MAPPER.readTree(writer.success(clock.instant(), null, null));
        assertEquals("", answer.get("warn_msg").asText());
        assertTrue(answer.get("output").isObject() && answer.get("output").isEmpty());
    }
}
