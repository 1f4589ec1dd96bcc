package org.yibao.terminal.api.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The 1101 request fields the terminal reads as numbers, with the readers and refusals (10xx,
 * naming the path) of 2101/2102. The codes and numbers of {@code input.data} are plain text.
 */
public final class IdentifyRequestJson {
    private IdentifyRequestJson() {
    }

    /**
     * {@code term_wait_s} under {@code path}: whole seconds from 0 to {@code maxSeconds}, as a
     * number or a string; 0 (no wait) when absent or "". A fraction or a non-number is refused
     * 1022, a negative number 1024, more than {@code maxSeconds} 1030 with the range.
     */
    public static long waitSeconds(JsonNode data, String path, long maxSeconds) {
        return JsonFields.optionalWhole(data, "term_wait_s", path, maxSeconds).orElse(0);
    }
}
