package org.yibao.provisioning.selftest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results of one self-test run, as lines for a technician or as JSON for the centre. */
public record SelftestReport(Instant at, boolean interactive, List<CheckResult> results) {
    public SelftestReport {
        results = List.copyOf(results);
    }

    /** True when no required check failed. */
    public boolean passed() {
        return results.stream().noneMatch(CheckResult::failsRun);
    }

    /** One line per check, then a summary line. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        results.forEach(r -> sb.append(r.line()).append('\n'));
        sb.append(passed() ? "自检通过" : "自检未通过").append('\n');
        return sb.toString();
    }

    /** {@code {"at":..., "passed":..., "checks":[{"check","result","required","why"}]}}. */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("at", at.toString());
        root.put("interactive", interactive);
        root.put("passed", passed());
        root.put("checks", results.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", r.name());
            m.put("result", r.verdict().name());
            m.put("required", r.required());
            m.put("why", r.why());
            return m;
        }).toList());
        try {
            return new ObjectMapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
