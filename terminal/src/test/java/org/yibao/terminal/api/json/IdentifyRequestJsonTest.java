package org.yibao.terminal.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yibao.terminal.domain.RefusedException;

/** 1101's {@code term_wait_s}: whole seconds from 0 to the terminal's limit, 0 when absent or empty. */
class IdentifyRequestJsonTest {
    private static final long MAX = 60;

    static long wait(String dataMembers) {
        return IdentifyRequestJson.waitSeconds(Json.parse("{" + dataMembers + "}", "t"), "input.data", MAX);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "                            | 0",
        "\"term_wait_s\":\"\"        | 0",
        "\"term_wait_s\":null        | 0",
        "\"term_wait_s\":0           | 0",
        "\"term_wait_s\":15          | 15",
        "\"term_wait_s\":\" 15 \"    | 15",
        "\"term_wait_s\":\"15.0\"    | 15",
        "\"term_wait_s\":60          | 60"})
    void aWaitWithinTheLimitIsRead(String members, long seconds) {
        assertEquals(seconds, wait(members == null ? "" : members));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "\"term_wait_s\":61        | 1030 | input.data.term_wait_s 应为 0 到 60：61",
        "\"term_wait_s\":\"600\"   | 1030 | input.data.term_wait_s 应为 0 到 60：600",
        "\"term_wait_s\":-1        | 1024 | input.data.term_wait_s = -1",
        "\"term_wait_s\":1.5       | 1022 | input.data.term_wait_s 应为整数：1.5",
        "\"term_wait_s\":\"soon\"  | 1022 | input.data.term_wait_s 应为数字",
        "\"term_wait_s\":{}        | 1022 | input.data.term_wait_s 应为数字"})
    void aWaitOutsideTheLimitOrNotAWholeNumberIsRefusedNamingIt(String members, String code, String detail) {
        RefusedException e = assertThrows(RefusedException.class, () -> wait(members));
        assertEquals(code, e.refusal().reason().code(), e.refusal().errMsg());
        assertEquals(detail, e.refusal().detail());
    }
}
