package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.identity.card.SimulatedSocialSecurityCard;
import org.yibao.terminal.identity.voucher.VoucherFixtures;
import org.yibao.terminal.operator.HandClock;

/**
 * Dates and times at their boundaries, from the dates-and-times review of 2026-12-06: the device's
 * clock counts in instants, every business date is the Beijing date of the moment it is judged
 * (16:00 UTC is 00:00 in Beijing). The card read after midnight and the voucher number a day old
 * failed before; the turn of the year (accumulator years, a January 2103 of a December settlement,
 * 3201's days) is kept as it was found right.
 */
class BeijingDayBoundariesTest {

    private static FlowRig rig(Path dir, HandClock clock) throws Exception {
        return new FlowRig(dir, Optional.empty(), OutboxPolicy.defaults(), FlowRig.KIOSK, clock, db -> new SimulatedPrinter());
    }

    /** 张三's 社保卡 (certno {@link FlowRig#CERTNO}), valid through 2036-12-31. */
    private static SimulatedSocialSecurityCard card() {
        return SimulatedSocialSecurityCard.of("D37150201", FlowRig.CERTNO, "张三", "1", "371502", LocalDate.of(1988, 1, 1));
    }

    private static ObjectNode waiting(int seconds) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "").put("mdtrt_cert_no", "").put("term_wait_s", seconds);
        return input;
    }

    /**
     * A 1101 that begins to wait at 23:59:50 on the card's last valid day, the card shown after
     * midnight: it is read on the next day, when it has expired (1407), as a card inserted after
     * midnight into a wait begun then is. The expiry was judged on the day the wait began.
     */
    @Test
    void aCardReadAfterMidnightIsJudgedOnTheDayItIsRead(@TempDir Path dir) throws Exception {
        HandClock clock = new HandClock(Instant.parse("2036-12-31T15:59:40Z")); // 2036-12-31 23:59:40 Beijing
        try (FlowRig rig = rig(dir.resolve("t"), clock)) {
            rig.seed(FlowRig.employee());
            rig.reader.insertCard(card());
            JsonNode lastDay = rig.call("1101", waiting(5));
            assertEquals(0, lastDay.path("infcode").asInt(), "valid through its last day: " + lastDay);
            rig.reader.removeCard();

            clock.advance(Duration.ofSeconds(10)); // 23:59:50
            Thread customer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(600); // the wait has begun
                } catch (InterruptedException e) {
                    return;
                }
                clock.advance(Duration.ofSeconds(15)); // 2037-01-01 00:00:05 Beijing
                rig.reader.insertCard(card());
            });
            JsonNode nextDay;
            try {
                nextDay = rig.call("1101", waiting(5));
            } finally {
                customer.join();
            }
            assertEquals("1407", nextDay.path("term_errcode").asText(), "read on 2037-01-01, expired: " + nextDay);
        }
    }

    /** The employee of {@link FlowRig#employee()} with 2026's deductible met and nothing yet in 2027. */
    private static ObjectNode employeeAtTheTurnOfTheYear() {
        ObjectNode p = FlowRig.employee();
        p.set("term_accuinfo", Json.parse("""
                [{"year": 2026, "accu_group": "outpatient", "dedc_used": 200.00, "fund_paid": 0, "inscp_over_dedc": 0}]
                """, "accuinfo"));
        return p;
    }

    private static ObjectNode recon(String day) {
        return ReconInput.of().days(day, day).input();
    }

    /**
     * A settlement at 23:59:00 on 31 December counts in 2026 (deductible met, the fund pays), one at
     * 00:00:30 on 1 January in 2027 (a new deductible); the December one reversed in January gives
     * back to 2026's row only; 3201 counts each on its Beijing day; setl_time is Beijing time.
     */
    @Test
    void theTurnOfTheYearInBeijing(@TempDir Path dir) throws Exception {
        HandClock clock = new HandClock(Instant.parse("2026-12-31T15:59:00Z")); // 2026-12-31 23:59:00 Beijing
        try (FlowRig rig = rig(dir.resolve("t"), clock)) {
            rig.seed(employeeAtTheTurnOfTheYear());
            JsonNode december = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false));
            assertEquals(0, december.path("infcode").asInt(), december.toString());
            assertEquals("2026-12-31 23:59:00", december.at("/output/setlinfo/setl_time").asText());
            assertEquals("0.00", december.at("/output/setlinfo/act_pay_dedc").decimalValue().toPlainString());
            assertEquals("70.00", december.at("/output/setlinfo/hifp_pay").decimalValue().toPlainString());

            clock.advance(Duration.ofSeconds(90)); // 2027-01-01 00:00:30 Beijing
            JsonNode january = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false));
            assertEquals(0, january.path("infcode").asInt(), january.toString());
            assertEquals("2027-01-01 00:00:30", january.at("/output/setlinfo/setl_time").asText());
            assertEquals("100.00", january.at("/output/setlinfo/act_pay_dedc").decimalValue().toPlainString(),
                    "a new year, a new deductible: " + january);

            JsonNode reversed = rig.call("2103", FlowRig.reversalOf(december));
            assertEquals(0, reversed.path("infcode").asInt(), reversed.toString());
            assertEquals(200_00, rig.scalar("SELECT dedc_used FROM accumulator WHERE year = 2026"));
            assertEquals(0, rig.scalar("SELECT fund_paid FROM accumulator WHERE year = 2026"));
            assertEquals(0, rig.scalar("SELECT inscp_over_dedc FROM accumulator WHERE year = 2026"));
            assertEquals(100_00, rig.scalar("SELECT dedc_used FROM accumulator WHERE year = 2027"));

            JsonNode dec31 = rig.call("3201", recon("2026-12-31"));
            assertEquals(2, dec31.at("/output/term_local/fixmedins_setl_cnt").asLong(), dec31.toString());
            assertEquals("0.00", dec31.at("/output/term_local/medfee_sumamt").decimalValue().toPlainString());
            JsonNode jan1 = rig.call("3201", recon("2027-01-01"));
            assertEquals(1, jan1.at("/output/term_local/fixmedins_setl_cnt").asLong(), jan1.toString());
            assertEquals("100.00", jan1.at("/output/term_local/medfee_sumamt").decimalValue().toPlainString());
        }
    }

    /**
     * README: the terminal keeps a voucher's ecToken with its holder for a day. A settlement on the
     * ecToken an hour after its 1101 is served; one 25 hours later, with no voucher scanned
     * since, is refused 1309 as a number that did not identify the person (it used to hold until
     * the next voucher's scan happened to prune it: days, or for good).
     */
    @Test
    void aVoucherNumberAnswersForItsHolderADayAndNoLonger(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir.resolve("t"))) { // the rig's clock is the voucher fixtures' time
            rig.seed(FlowRig.employee());
            VoucherFixtures.Payload payload = VoucherFixtures.payload();
            payload.psnNo = FlowRig.PSN;
            JsonNode identified = IdentifyFlowTest.whileScanning(rig, VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", payload));
            assertEquals(0, identified.path("infcode").asInt(), identified.toString());
            String ecToken = identified.at("/output/term_certinfo/mdtrt_cert_no").asText();

            rig.clock.advance(Duration.ofHours(1));
            ObjectNode buy = FlowRig.purchase("50.00", "2", "100.00", false);
            ((ObjectNode) buy.get("druginfo")).put("mdtrt_cert_type", "01").put("mdtrt_cert_no", ecToken);
            JsonNode sameDay = rig.call("2102", buy);
            assertEquals(0, sameDay.path("infcode").asInt(), "an hour after the scan: " + sameDay);

            rig.clock.advance(Duration.ofHours(24)); // 25 h after the scan (still inside the offline limit of 72 h)
            rig.newShift();
            JsonNode dayAfter = rig.call("2102", buy);
            assertEquals("1309", dayAfter.path("term_errcode").asText(), "25 h after the scan: " + dayAfter);
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }
}
