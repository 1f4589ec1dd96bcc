package org.yibao.provisioning.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a self-test run reports: which checks ran, which were skipped for want of a person, which
 * failure fails the run (the exit code the technician and the centre act on), and the lines and
 * JSON it is shown as.
 */
class SelfTestTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneId.of("Asia/Shanghai"));

    /** A check answering {@code verdict}, required or not, needing a person or not. */
    private record Fixed(String name, Verdict verdict, boolean required, boolean needsPerson) implements Check {
        @Override public CheckResult run() {
            return new CheckResult(name, verdict, required, verdict == Verdict.PASS ? "ok" : "坏了");
        }
    }

    @Test
    void aRequiredCheckThatFailsFailsTheRun() {
        SelftestReport report = SelfTest.run(List.of(new Fixed("database", Verdict.PASS, true, false),
                new Fixed("disk", Verdict.FAIL, true, false)), false, CLOCK);
        assertFalse(report.passed());
        assertTrue(report.text().endsWith("自检未通过\n"), report.text());
    }

    @Test
    void anOptionalCheckThatFailsIsShownButTheRunPasses() {
        SelftestReport report = SelfTest.run(List.of(new Fixed("database", Verdict.PASS, true, false),
                new Fixed("printer", Verdict.FAIL, false, false)), false, CLOCK);
        assertTrue(report.passed());
        assertEquals("PASS  database     ok\nFAIL  printer      坏了 (optional)\n自检通过\n", report.text());
    }

    @Test
    void aCheckThatNeedsAPersonIsSkippedUnlessTheRunIsInteractive() {
        Check card = new Fixed("card", Verdict.FAIL, true, true);
        SelftestReport unattended = SelfTest.run(List.of(card), false, CLOCK);
        assertEquals(Verdict.SKIP, unattended.results().getFirst().verdict());
        assertTrue(unattended.results().getFirst().why().contains("--interactive"), unattended.text());
        assertTrue(unattended.passed(), "a skipped check does not fail the run");
        SelftestReport attended = SelfTest.run(List.of(card), true, CLOCK);
        assertEquals(Verdict.FAIL, attended.results().getFirst().verdict());
        assertFalse(attended.passed());
    }

    @Test
    void aCheckThatThrowsIsAFailNamingTheErrorAndTheNextCheckStillRuns() {
        Check broken = new Check() {
            @Override public String name() {
                return "scanner";
            }

            @Override public CheckResult run() {
                throw new IllegalStateException("port gone");
            }
        };
        SelftestReport report = SelfTest.run(List.of(broken, new Fixed("disk", Verdict.PASS, true, false)), false, CLOCK);
        assertEquals(List.of(Verdict.FAIL, Verdict.PASS), report.results().stream().map(CheckResult::verdict).toList());
        assertEquals("检查出错: IllegalStateException: port gone", report.results().getFirst().why());
        assertTrue(report.results().getFirst().required());
        assertFalse(report.passed());
    }

    @Test
    void theJsonForTheCentreCarriesEveryCheckAndTheOutcome() throws Exception {
        SelftestReport report = SelfTest.run(List.of(new Fixed("database", Verdict.PASS, true, false),
                new Fixed("printer", Verdict.FAIL, false, false)), true, CLOCK);
        JsonNode json = new ObjectMapper().readTree(report.json());
        assertEquals("2026-12-07T08:00:00Z", json.path("at").asText());
        assertTrue(json.path("interactive").asBoolean());
        assertTrue(json.path("passed").asBoolean());
        assertEquals(2, json.path("checks").size());
        JsonNode printer = json.path("checks").get(1);
        assertEquals("printer", printer.path("check").asText());
        assertEquals("FAIL", printer.path("result").asText());
        assertFalse(printer.path("required").asBoolean(true));
        assertEquals("坏了", printer.path("why").asText());
    }

    @Test
    void aResultWithoutAReasonHasAnEmptyOne() {
        assertEquals("", new CheckResult("clock", Verdict.PASS, true, null).why());
        assertFalse(new CheckResult("clock", Verdict.SKIP, true, "").failsRun());
    }
}
