package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.card.simulated.SimulatedCard;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.identity.voucher.VoucherFixtures;

/**
 * 1101 by ID number, by card on the (simulated) reader and by e-voucher QR on the scanner;
 * online from the reference centre over a real Mosquitto broker, and from the cache once the
 * broker is gone; a person never seen with no centre is refused.
 */
class IdentifyFlowTest {

    private static ObjectNode byId() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
        return input;
    }

    static ObjectNode waiting(int seconds) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "").put("mdtrt_cert_no", "").put("term_wait_s", seconds);
        return input;
    }

    @Test
    void byIdNumberOnlineThenFromTheCacheWithTheLiveFigures(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            centre.add(FlowRig.employee());
            JsonNode online = rig.call("1101", byId());
            assertEquals(0, online.path("infcode").asInt(), online.toString());
            assertEquals("online", online.at("/output/term_source").asText());
            assertEquals("02", online.at("/output/term_certinfo/mdtrt_cert_type").asText(), online.toString());
            assertEquals(FlowRig.CERTNO, online.at("/output/term_certinfo/mdtrt_cert_no").asText());
            assertEquals("", online.at("/output/term_certinfo/card_sn").asText());
            assertEquals(FlowRig.PSN, online.at("/output/baseinfo/psn_no").asText());
            assertEquals("张三", online.at("/output/baseinfo/psn_name").asText(), "the host gets the name as the centre gave it");
            assertEquals(FlowRig.CERTNO, online.at("/output/baseinfo/certno").asText());
            assertTrue(online.at("/output/term_synced_at").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"),
                    online.at("/output/term_synced_at").asText());
            assertEquals("1000.00", online.at("/output/insuinfo/0/balc").decimalValue().toPlainString());

            assertEquals(0, rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true)).path("infcode").asInt());

            centre.broker.stop();
            Eventually.await(Duration.ofSeconds(20), () -> !rig.uplink.connected(), () -> "broker loss not noticed");
            JsonNode cached = rig.call("1101", byId());
            assertEquals(0, cached.path("infcode").asInt(), cached.toString());
            assertEquals("cache", cached.at("/output/term_source").asText());
            assertEquals(online.at("/output/term_synced_at").asText(), cached.at("/output/term_synced_at").asText(),
                    "the cache is the snapshot of the online answer");
            assertTrue(cached.path("warn_msg").asText().startsWith("中心不可达，人员信息为本机缓存"), cached.path("warn_msg").asText());
            assertEquals("970.00", cached.at("/output/insuinfo/0/balc").decimalValue().toPlainString());
            assertEquals("70.00", cached.at("/output/term_accuinfo/0/fund_paid").decimalValue().toPlainString());
        }
    }

    @Test
    void theAnswerHasEveryListTheSpecNamesEvenWhenTheCentreLeftOneOut(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            ObjectNode person = FlowRig.employee();
            person.remove(List.of("idetinfo", "term_opspinfo"));
            centre.add(person);
            JsonNode online = rig.call("1101", byId());
            assertEquals(0, online.path("infcode").asInt(), online.toString());
            for (String list : new String[] {"insuinfo", "idetinfo", "term_accuinfo", "term_opspinfo"}) {
                assertTrue(online.path("output").path(list).isArray(), list + " in " + online);
            }
            for (String field : new String[] {"psn_insu_date", "paus_insu_date", "cvlserv_flag", "emp_name"}) {
                JsonNode value = online.at("/output/insuinfo/0/" + field);
                assertTrue(value.isTextual() && value.asText().isEmpty(), field + " is the empty text: " + online);
            }
            assertEquals("1000.00", online.at("/output/insuinfo/0/balc").decimalValue().toPlainString(), "what was sent stays");
        }
    }

    @Test
    void theCentresListOfCountedClaimsDecidesWhatIsAddedOnTop(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            ObjectNode countedNothing = FlowRig.employee();
            countedNothing.putArray("term_claims");
            centre.add(countedNothing);
            assertEquals(0, rig.call("1101", byId()).path("infcode").asInt());
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            String acct = settled.at("/output/setlinfo/acct_pay").decimalValue().toPlainString();
            assertEquals("30.00", acct);
            String claim = rig.flows.settlements().find(settled.at("/output/setlinfo/setl_id").asText()).orElseThrow().claimId();
            Eventually.await(Duration.ofSeconds(20), () -> rig.outbox.find(claim).orElseThrow().state() == MessageState.ACKED,
                    () -> "claim not acknowledged");

            JsonNode notYetCounted = rig.call("1101", byId());
            assertEquals("970.00", notYetCounted.at("/output/insuinfo/0/balc").decimalValue().toPlainString(),
                    "acknowledged, but not in the centre's figures yet: added on top");
            assertEquals(false, notYetCounted.at("/output").has("term_claims"), "the list is the centre's, not the host's");

            ObjectNode countedIt = FlowRig.employee();
            ((ObjectNode) countedIt.at("/insuinfo/0")).put("balc", "970.00");
            countedIt.putArray("term_claims").add(claim);
            centre.add(countedIt);
            assertEquals("970.00", rig.call("1101", byId()).at("/output/insuinfo/0/balc").decimalValue().toPlainString(),
                    "in the centre's figures: not added again");
        }
    }

    /**
     * A centre that does not say which claims its figures hold is taken to hold those it had
     * acknowledged when it was asked, not those acknowledged while its answer was on the way: here
     * a 2102 settles and its claim is acknowledged after the query went out, and the answer (worked
     * out before the centre had that claim) arrives after the ack. Before, the claim counted as held
     * and the answer's balance, without its 30.00, became the person's (found by the concurrency
     * review of 2026-12-06).
     */
    @Test
    void aClaimAcknowledgedWhileTheAnswerWasOnItsWayIsAddedOnTop(@TempDir Path dir) throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Callable<Void>> meanwhile = new java.util.concurrent.atomic.AtomicReference<>();
        try (CentreRig centre = new CentreRig(dir);
             FlowRig rig = FlowRig.online(dir.resolve("t"), centre, link -> new CentreLink() {
                 @Override public boolean online() {
                     return link.online();
                 }

                 @Override public boolean connected() {
                     return link.connected();
                 }

                 @Override public java.util.Optional<byte[]> ask(String service, byte[] body, Duration timeout) {
                     java.util.Optional<byte[]> answer = link.ask(service, body, timeout);
                     java.util.concurrent.Callable<Void> step = meanwhile.getAndSet(null);
                     try {
                         if (step != null) step.call();
                     } catch (Exception e) {
                         throw new AssertionError(e);
                     }
                     return answer;
                 }
             })) {
            centre.add(FlowRig.employee()); // balance 1000.00, no term_claims
            assertEquals(0, rig.call("1101", byId()).path("infcode").asInt());
            meanwhile.set(() -> {
                rig.clock.advance(Duration.ofSeconds(1));
                JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
                assertEquals("30.00", settled.at("/output/setlinfo/acct_pay").decimalValue().toPlainString(), settled.toString());
                String claim = rig.flows.settlements().find(settled.at("/output/setlinfo/setl_id").asText()).orElseThrow().claimId();
                Eventually.await(Duration.ofSeconds(20), () -> rig.outbox.find(claim).orElseThrow().state() == MessageState.ACKED,
                        () -> "claim not acknowledged");
                return null;
            });
            JsonNode refreshed = rig.call("1101", byId());
            assertEquals("online", refreshed.at("/output/term_source").asText(), refreshed.toString());
            assertEquals("970.00", refreshed.at("/output/insuinfo/0/balc").decimalValue().toPlainString(),
                    "the answer was worked out before the centre had the claim");
            assertEquals(97_000, rig.flows.persons().balance(FlowRig.PSN, "310").getAsLong());
        }
    }

    @Test
    void aCentreThatAnswersTooLateIsToldApartFromOneOutOfReach(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            centre.add(FlowRig.employee());
            assertEquals("online", rig.call("1101", byId()).at("/output/term_source").asText());
            centre.personDelay = Duration.ofSeconds(4); // the rig's centre timeout is 3 s

            JsonNode late = rig.call("1101", byId());

            assertEquals(0, late.path("infcode").asInt(), late.toString());
            assertEquals("cache", late.at("/output/term_source").asText());
            assertTrue(late.path("warn_msg").asText().startsWith("中心未及时应答，人员信息为本机缓存（"), late.path("warn_msg").asText());
        }
    }

    /**
     * A centre that answers but could not look the person up (its service failed: the reference
     * centre answers {@code {"error":...}}, no verdict on the person) is a centre without an
     * answer: the cache stands in, as for a late answer, and the cashier is told why. It is not a
     * refusal of the person.
     */
    @Test
    void aCentreWhosePersonServiceFailedIsAnsweredFromTheCache(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            centre.add(FlowRig.employee());
            assertEquals("online", rig.call("1101", byId()).at("/output/term_source").asText());
            centre.personFails = true;

            JsonNode failed = rig.call("1101", byId());

            assertEquals(0, failed.path("infcode").asInt(), failed.toString());
            assertEquals("cache", failed.at("/output/term_source").asText());
            assertTrue(failed.path("warn_msg").asText().startsWith("中心未能完成查询，人员信息为本机缓存（"), failed.path("warn_msg").asText());
        }
    }

    /**
     * An answer about the person asked for that cannot be read as 1101 output (here a negative
     * {@code balc}) is not used: the cache stands in, as for an answer about someone else, and the
     * cashier is told; a person never seen is refused 1355 naming the field. Before, a cached
     * person was refused 1355 at every counter until the centre's answer was mended. Found by the
     * black-box sequence review.
     */
    @Test
    void anAnswerThatCannotBeReadFallsBackToTheCache(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            centre.add(FlowRig.employee());
            assertEquals("online", rig.call("1101", byId()).at("/output/term_source").asText());
            ObjectNode overdrawn = FlowRig.employee();
            ((ObjectNode) overdrawn.withArray("insuinfo").get(0)).put("balc", "-43.95");
            centre.add(overdrawn);

            JsonNode answer = rig.call("1101", byId());

            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            assertEquals("cache", answer.at("/output/term_source").asText(), answer.toString());
            assertTrue(answer.path("warn_msg").asText().startsWith("中心应答有误（人员信息无法识别），未采用，人员信息为本机缓存"),
                    answer.path("warn_msg").asText());
        }
        try (CentreRig centre = new CentreRig(dir.resolve("never")); FlowRig rig = FlowRig.online(dir.resolve("never/t"), centre)) {
            ObjectNode overdrawn = FlowRig.employee();
            ((ObjectNode) overdrawn.withArray("insuinfo").get(0)).put("balc", "-43.95");
            centre.add(overdrawn);
            JsonNode refused = rig.call("1101", byId());
            assertEquals("1355", refused.path("term_errcode").asText(), refused.toString());
            assertTrue(refused.path("err_msg").asText().contains("balc"), refused.toString());
        }
    }

    @Test
    void aPersonTheCentreDoesNotKnowOrNeverSeenOfflineIsRefused(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            JsonNode unknown = rig.call("1101", byId());
            assertEquals("1356", unknown.path("term_errcode").asText(), unknown.toString());
        }
        try (FlowRig offline = FlowRig.offline(dir.resolve("o"))) {
            JsonNode never = offline.call("1101", byId());
            assertEquals("1350", never.path("term_errcode").asText(), never.toString());
        }
    }

    @Test
    void anAnswerFromTheCentreForAnotherPersonIsNotUsedNorCached(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            centre.add(FlowRig.employee());
            assertEquals("online", rig.call("1101", byId()).at("/output/term_source").asText());
            centre.people.put(FlowRig.CERTNO, otherPerson()); // correlated, but 李四's record

            JsonNode answer = rig.call("1101", byId());

            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            assertEquals("cache", answer.at("/output/term_source").asText(), "a bad answer: the cache, as when the centre is away");
            assertTrue(answer.path("warn_msg").asText().startsWith("中心应答有误（不是所查询人员的信息），未采用，人员信息为本机缓存"),
                    "the cashier is told the centre answered wrongly, not that it is away: " + answer.path("warn_msg"));
            assertEquals(FlowRig.PSN, answer.at("/output/baseinfo/psn_no").asText());
            assertEquals(FlowRig.CERTNO, answer.at("/output/baseinfo/certno").asText());
            assertTrue(rig.flows.persons().byPsnNo(OTHER_PSN).isEmpty(), "the other person is not cached");
            assertEquals(FlowRig.PSN, rig.flows.persons().byCertno(FlowRig.CERTNO).orElseThrow().psnNo());

            rig.reader.insertCard(socialSecurityCard()); // 张三's card: the query carries the certno read from it
            JsonNode byCard = rig.call("1101", waiting(5));
            assertEquals("cache", byCard.at("/output/term_source").asText(), byCard.toString());
            assertEquals(FlowRig.PSN, byCard.at("/output/baseinfo/psn_no").asText());
            rig.reader.removeCard();

            centre.people.put(FlowRig.PSN, otherPerson()); // a voucher's query is its psn_no
            VoucherFixtures.Payload payload = VoucherFixtures.payload();
            payload.psnNo = FlowRig.PSN;
            JsonNode byVoucher = whileScanning(rig, VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", payload));
            assertEquals("cache", byVoucher.at("/output/term_source").asText(), byVoucher.toString());
            assertEquals(FlowRig.PSN, byVoucher.at("/output/baseinfo/psn_no").asText());
            assertTrue(rig.flows.persons().byPsnNo(OTHER_PSN).isEmpty());

        }
        try (CentreRig centre = new CentreRig(dir.resolve("never")); FlowRig rig = FlowRig.online(dir.resolve("never/t"), centre)) {
            centre.people.put(FlowRig.CERTNO, otherPerson());
            JsonNode refused = rig.call("1101", byId());
            assertEquals("1355", refused.path("term_errcode").asText(), "never seen: nothing to fall back on: " + refused);
            assertTrue(rig.flows.persons().byPsnNo(OTHER_PSN).isEmpty());

            ObjectNode lowerX = otherPerson();
            ((ObjectNode) lowerX.get("baseinfo")).put("certno", OTHER_CERTNO.toLowerCase());
            centre.people.put(OTHER_CERTNO, lowerX);
            ObjectNode byHisId = byId();
            ((ObjectNode) byHisId.get("data")).put("mdtrt_cert_no", OTHER_CERTNO);
            JsonNode his = rig.call("1101", byHisId);
            assertEquals("online", his.at("/output/term_source").asText(), "certno compared ignoring case: " + his);
            assertEquals(OTHER_PSN, his.at("/output/baseinfo/psn_no").asText());
        }
    }

    private static final String OTHER_PSN = "37150000000000000002";
    private static final String OTHER_CERTNO = "37150219700101567X";

    /** 李四's record as the centre would answer it for him. */
    private static ObjectNode otherPerson() {
        ObjectNode lisi = FlowRig.employee();
        ((ObjectNode) lisi.get("baseinfo")).put("psn_no", OTHER_PSN).put("certno", OTHER_CERTNO).put("psn_name", "李四");
        return lisi;
    }

    @Test
    void aCardNumberSentByTheHostNeedsItsCardSn(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("data").put("mdtrt_cert_type", "03").put("mdtrt_cert_no", "D37150201").put("card_sn", " ")
                    .put("certno", FlowRig.CERTNO);
            JsonNode refused = rig.call("1101", input);
            assertEquals("1021", refused.path("term_errcode").asText(), refused.toString());
            assertTrue(refused.path("err_msg").asText().contains("card_sn"), refused.toString());
        }
    }

    /**
     * An ID number (02) whose {@code certno} names another 居民身份证 is a request about two people:
     * refused 1028 naming both fields, not answered for the first. Found by the black-box API check.
     */
    @Test
    void anIdNumberWithTheCertnoOfAnotherPersonIsRefused(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode twoPeople = byId();
            ((ObjectNode) twoPeople.get("data")).put("certno", "371502195505052345");
            JsonNode refused = rig.call("1101", twoPeople);
            assertEquals("1028", refused.path("term_errcode").asText(), refused.toString());
            assertTrue(refused.path("err_msg").asText().contains("certno"), refused.toString());
            ObjectNode same = byId();
            ((ObjectNode) same.get("data")).put("certno", FlowRig.CERTNO.toLowerCase(java.util.Locale.ROOT));
            assertEquals(0, rig.call("1101", same).path("infcode").asInt(-1), "the same number, any case of its X");
            ObjectNode otherDocument = byId();
            ((ObjectNode) otherDocument.get("data")).put("psn_cert_type", "02").put("certno", "E12345678");
            assertEquals(0, rig.call("1101", otherDocument).path("infcode").asInt(-1), "another kind of certificate: not compared");
        }
    }

    @Test
    void waitsForACardOnTheReader(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            rig.reader.insertCard(socialSecurityCard());
            JsonNode answer = rig.call("1101", waiting(5));
            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            assertEquals(FlowRig.PSN, answer.at("/output/baseinfo/psn_no").asText());
            assertEquals("cache", answer.at("/output/term_source").asText());
            // The host never saw the card: the answer tells it what to send in 2101/2102.
            assertEquals("03", answer.at("/output/term_certinfo/mdtrt_cert_type").asText(), answer.toString());
            assertEquals("S37150012", answer.at("/output/term_certinfo/mdtrt_cert_no").asText(), "卡号");
            assertEquals("371500D15600000500BF7C7A48FB4966", answer.at("/output/term_certinfo/card_sn").asText(), "卡识别码");
        }
    }

    /**
     * A POS with a scanner of its own sends the whole QR as the 01 {@code mdtrt_cert_no}, where
     * the interface wants the ecToken. It is verified as a scan would be: the person is the
     * voucher's, {@code term_certinfo} gives the ecToken to send on, the same QR again is a replay
     * (1519), and a forged one is refused. Before, the QR text was looked up as an unknown ecToken
     * (1350 offline). Found by the bad-input review.
     */
    @Test
    void aWholeQrSentByTheHostIsVerifiedAsAScan(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            VoucherFixtures.Payload payload = VoucherFixtures.payload();
            payload.psnNo = FlowRig.PSN;
            String qr = VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", payload);
            ObjectNode sent = FlowRig.JSON.createObjectNode();
            sent.putObject("data").put("mdtrt_cert_type", "01").put("mdtrt_cert_no", qr);

            JsonNode answer = rig.call("1101", sent);

            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            assertEquals(FlowRig.PSN, answer.at("/output/baseinfo/psn_no").asText());
            assertEquals(payload.ecToken, answer.at("/output/term_certinfo/mdtrt_cert_no").asText(), "the ecToken");
            assertEquals("1519", rig.call("1101", sent).path("term_errcode").asText(), "the same QR again");
            String forged = qr.substring(0, qr.length() - 4) + (qr.endsWith("AAAA") ? "BBBB" : "AAAA");
            ((ObjectNode) sent.get("data")).put("mdtrt_cert_no", forged);
            assertTrue(rig.call("1101", sent).path("term_errcode").asText().startsWith("15"), "a forged QR");
        }
    }

    @Test
    void waitsForAVoucherOnTheScannerAndRefusesItsReplay(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            VoucherFixtures.Payload payload = VoucherFixtures.payload();
            payload.psnNo = FlowRig.PSN;
            String qr = VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", payload);
            JsonNode answer = whileScanning(rig, qr);
            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            assertEquals(FlowRig.PSN, answer.at("/output/baseinfo/psn_no").asText());
            assertEquals("01", answer.at("/output/term_certinfo/mdtrt_cert_type").asText(), answer.toString());
            assertEquals(payload.ecToken, answer.at("/output/term_certinfo/mdtrt_cert_no").asText(), "the ecToken");
            JsonNode replay = whileScanning(rig, qr);
            assertTrue(replay.path("term_errcode").asText().startsWith("15"), replay.toString());
        }
    }

    @Test
    void offlineAPersonNeverSeenIsTakenFromTheirVoucherWithoutBalanceOrAccumulators(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.centreAnsweredNow();
            VoucherFixtures.Payload payload = VoucherFixtures.payload();
            payload.psnNo = FlowRig.PSN;
            payload.certnoTail = FlowRig.CERTNO.substring(14);
            payload.insutype = "310";
            payload.psnType = "11";
            JsonNode answer = whileScanning(rig, VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", payload));
            assertEquals(0, answer.path("infcode").asInt(), answer.toString());
            assertEquals("voucher", answer.at("/output/term_source").asText());
            assertEquals("", answer.at("/output/term_synced_at").asText());
            assertEquals(FlowRig.PSN, answer.at("/output/baseinfo/psn_no").asText());
            assertEquals("310", answer.at("/output/insuinfo/0/insutype").asText());
            assertEquals("11", answer.at("/output/insuinfo/0/psn_type").asText());
            assertEquals("0.00", answer.at("/output/insuinfo/0/balc").asText());
            assertEquals("", answer.at("/output/baseinfo/certno").asText(), "a voucher gives only the last four");
            assertEquals("1234", answer.at("/output/term_certno_tail").asText(), answer.toString());
            assertEquals(0, answer.at("/output/term_accuinfo").size());
            assertTrue(answer.path("warn_msg").asText().contains("医保电子凭证"), answer.toString());

            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            assertEquals("0.00", settled.at("/output/setlinfo/acct_pay").asText(), "no balance is known: the account pays nothing");
            assertTrue(settled.path("warn_msg").asText().contains("脱机"), settled.toString());

            payload.nonce = VoucherFixtures.nonce();
            JsonNode again = whileScanning(rig, VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", payload));
            assertEquals("voucher", again.at("/output/term_source").asText(), "still only what the voucher said");
            assertEquals(1, again.at("/output/term_accuinfo").size(), "with the local settlement counted");
        }
        try (FlowRig rig = FlowRig.offline(dir.resolve("card"))) {
            rig.seed(FlowRig.employee());
            assertEquals("cache", rig.call("1101", byId()).at("/output/term_source").asText(),
                    "an ID number never falls back to a voucher");
        }
    }

    /**
     * A person known only from their voucher has no ID number on this terminal, only the
     * voucher's last four characters of it: an ID number sent as the credential must end with
     * them, or it is another person's (1309), and nothing is settled. Found by the kiosk model
     * (李四 from a voucher offline, paying with 张三's ID number, was settled).
     */
    @Test
    void anIdNumberForAPersonKnownOnlyFromAVoucherMustEndWithTheVouchersTail(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            knownOnlyFromAVoucher(rig, "567X");

            JsonNode another = rig.call("2102", FlowRig.purchase("50.00", "1", "50.00", false));
            assertEquals("1309", another.path("term_errcode").asText(), "FlowRig.CERTNO ends 1234: " + another);
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));

            ObjectNode own = FlowRig.purchase("50.00", "1", "50.00", false);
            ((ObjectNode) own.get("druginfo")).put("mdtrt_cert_no", "37150219700101567x");
            JsonNode settled = rig.call("2102", own);
            assertEquals(0, settled.path("infcode").asInt(-1), "the tail matches, its X in either case: " + settled);
        }
    }

    @Test
    void nothingPresentedInTimeIsRefused(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            JsonNode answer = rig.call("1101", waiting(1));
            assertEquals("1352", answer.path("term_errcode").asText(), answer.toString());
        }
    }

    @Test
    void aWaitEndedByTheHostAskingAgainNeitherBeepsNorLightsRed(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); ExecutorService host = Executors.newVirtualThreadPerTaskExecutor()) {
            rig.seed(FlowRig.employee());
            assertEquals(0, rig.call("1101", byId()).path("infcode").asInt()); // the cashier is signed in
            int before = rig.indicators.history().size();
            List<CompletableFuture<JsonNode>> waits = new ArrayList<>();
            for (int i = 0; i < 2; i++) { // the host asks, its own timeout runs out, it asks again
                waits.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return rig.call("1101", waiting(10));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, host));
            }
            JsonNode ended = (JsonNode) CompletableFuture.anyOf(waits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals("1357", ended.path("term_errcode").asText(), ended.toString());
            List<SimulatedIndicators.Change> shown = rig.indicators.history().subList(before, rig.indicators.history().size());
            assertTrue(shown.stream().noneMatch(SimulatedIndicators.Change::on),
                    "the person at the counter is still being waited for: no red light, no beeps " + shown);

            rig.reader.insertCard(socialSecurityCard());
            CompletableFuture<JsonNode> other = waits.get(0).getNow(null) == ended ? waits.get(1) : waits.get(0);
            JsonNode got = other.get(10, TimeUnit.SECONDS);
            assertEquals(0, got.path("infcode").asInt(), got.toString());
        }
    }

    @Test
    void theKioskButtonCancelsA1101WaitingForACardOrQrWithoutARefusalSignal(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir); ExecutorService host = Executors.newVirtualThreadPerTaskExecutor()) {
            rig.seed(FlowRig.employee());
            assertEquals(0, rig.call("1101", byId()).path("infcode").asInt()); // signed in
            int before = rig.indicators.history().size();
            CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return rig.call("1101", waiting(10));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, host);
            // a press before the wait is under way does nothing (IdentityWait.cancel): pressed until the wait ends,
            // not once after a pause that a busy machine may not have started the wait in
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!waiting.isDone() && System.nanoTime() < deadline) {
                rig.indicators.pressButton();
                rig.indicators.releaseButton();
                Thread.sleep(100);
            }
            JsonNode answer = waiting.get(5, TimeUnit.SECONDS);
            assertEquals("1377", answer.path("term_errcode").asText(), answer.toString());
            assertEquals("已按取消键，本次读卡或扫码已取消", answer.path("err_msg").asText());
            List<SimulatedIndicators.Change> shown = rig.indicators.history().subList(before, rig.indicators.history().size());
            assertTrue(shown.stream().noneMatch(SimulatedIndicators.Change::on), "the person cancelled: no red light, no beeps " + shown);

            rig.reader.insertCard(socialSecurityCard());
            assertEquals(0, rig.call("1101", waiting(5)).path("infcode").asInt(), "the next wait is not cancelled");
        }
    }

    /**
     * A wait asked for an ID number (02) has nothing to wait for: the cashier must type it, which
     * the answer says (not 1354 本机未配置该凭证的读取设备: the reader and scanner are there); an
     * unknown type is 1353, as when a number is sent. Neither waits (a wait would end 1352).
     */
    @Test
    void aWaitForAnIdNumberOrAnUnknownTypeIsRefusedAtOnceSayingWhy(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            assertEquals(0, rig.call("1101", byId()).path("infcode").asInt()); // signed in
            for (String[] c : new String[][] {{"02", "1021", "身份证号须录入"}, {"04", "1353", "mdtrt_cert_type 04"}}) {
                ObjectNode input = waiting(10);
                ((ObjectNode) input.get("data")).put("mdtrt_cert_type", c[0]);
                JsonNode answer = rig.call("1101", input); // a wait would end 1352 after 10 s
                assertEquals(c[1], answer.path("term_errcode").asText(), answer.toString());
                assertTrue(answer.path("err_msg").asText().contains(c[2]), answer.toString());
            }
        }
    }

    /** 1101 input waiting for a card or a QR, {@code term_wait_s} given as the JSON text {@code json}. */
    private static ObjectNode waitingFor(String json) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_no", "").set("term_wait_s", Json.parse(json, "term_wait_s"));
        return input;
    }

    @Test
    void theWaitIsAWholeNumberOfSecondsUpToTheBoundAndAnyOtherIsRefusedWithoutWaiting(@TempDir Path dir) throws Exception {
        String[][] cases = { // the rig's bound is 10 s
                {"3600", "1030"}, {"1e9", "1030"}, {"11", "1030"}, {"\"123456789012345678901234\"", "1030"},
                {"1.5", "1022"}, {"\"1.5\"", "1022"}, {"\"abc\"", "1022"}, {"true", "1022"},
                {"-1", "1024"}, {"\"-1\"", "1024"},
        };
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            assertEquals(0, rig.call("1101", byId()).path("infcode").asInt(), "signed in before the clock starts");
            rig.reader.insertCard(socialSecurityCard()); // a value taken as a wait would read it and answer 0, not time out
            for (String[] c : cases) {
                long started = System.nanoTime();
                JsonNode refused = rig.call("1101", waitingFor(c[0]));
                String what = "term_wait_s " + c[0] + ": " + refused;
                assertEquals(c[1], refused.path("term_errcode").asText(), what);
                assertTrue(refused.path("err_msg").asText().contains("input.data.term_wait_s"), what);
                if (c[1].equals("1030")) assertTrue(refused.path("err_msg").asText().contains("0 到 10"), "the range: " + what);
                assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000, "refused without waiting: " + what);
            }
            JsonNode atTheBound = rig.call("1101", waitingFor("\"10\""));
            assertEquals(0, atTheBound.path("infcode").asInt(), "10 s, the bound itself, as a string: " + atTheBound);
        }
    }

    @Test
    void aNumberWithoutItsTypeIsAMissingFieldWhileAWaitNeedsNoType(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode noType = FlowRig.JSON.createObjectNode();
            ObjectNode data = noType.putObject("data").put("mdtrt_cert_no", FlowRig.CERTNO);
            JsonNode absent = rig.call("1101", noType);
            assertEquals("1021", absent.path("term_errcode").asText(), absent.toString());
            assertTrue(absent.path("err_msg").asText().contains("input.data.mdtrt_cert_type"), absent.toString());
            data.put("mdtrt_cert_type", "");
            assertEquals("1021", rig.call("1101", noType).path("term_errcode").asText(), "\"\" is no type either");
            data.put("mdtrt_cert_type", "05");
            assertEquals("1353", rig.call("1101", noType).path("term_errcode").asText(), "a type given but not supported");

            ObjectNode nothing = FlowRig.JSON.createObjectNode();
            nothing.putObject("data").put("mdtrt_cert_no", "").put("term_wait_s", 0);
            JsonNode neither = rig.call("1101", nothing);
            assertEquals("1021", neither.path("term_errcode").asText(), "no number and no wait: " + neither);
            assertTrue(neither.path("err_msg").asText().contains("mdtrt_cert_no"), neither.toString());

            JsonNode waited = rig.call("1101", waitingFor("1"));
            assertEquals("1352", waited.path("term_errcode").asText(), "with a wait, no type means card or QR: " + waited);
        }
    }

    /** Scans {@code qr} again and again (as a customer holding a phone under the scanner) while 1101 waits. */
    /**
     * 张三 (FlowRig.PSN) identified offline from a voucher whose last four characters of the ID
     * number are {@code certnoTail}, the centre silent from now: the 1101 answer, term_source "voucher".
     */
    static JsonNode knownOnlyFromAVoucher(FlowRig rig, String certnoTail) throws Exception {
        rig.centreAnsweredNow();
        VoucherFixtures.Payload payload = VoucherFixtures.payload();
        payload.psnNo = FlowRig.PSN;
        payload.certnoTail = certnoTail;
        JsonNode answer = whileScanning(rig, VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", payload));
        assertEquals("voucher", answer.at("/output/term_source").asText(), answer.toString());
        return answer;
    }

    static JsonNode whileScanning(FlowRig rig, String qr) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread customer = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                rig.scans.onScan(qr);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            return rig.call("1101", waiting(5));
        } finally {
            done.set(true);
            customer.join();
        }
    }

    /** The identity tests' simulated 社保卡 (certno 371502198801011234, 张三), made through its package-private constructor. */
    static SimulatedCard socialSecurityCard() throws ReflectiveOperationException {
        Class<?> type = Class.forName("org.yibao.terminal.identity.card.SimulatedSocialSecurityCard");
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return (SimulatedCard) constructor.newInstance();
    }
}
