package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.api.json.PersonJson;
import org.yibao.terminal.identity.card.SimulatedSocialSecurityCard;

/** Found by the credential review of 2026-12-05: one person's credential, certificate or psn_no accepted for another (or a legitimate one refused). */
class CredentialFamilyTest {
    private static final String LI_PSN = "37150000000000000002";
    private static final String LI_CERTNO = "37150219700101567X";
    /** A 社保卡 number this terminal has never seen (张三's new card). */
    private static final String NEW_CARD = "S37150099";
    private static final String CARD_SN = "371500D15600000500BF7C7A48FB4966";

    /** 李四 as the centre answered him, cached with no card. */
    private static void seedLisi(FlowRig rig) throws SQLException {
        ObjectNode p = FlowRig.employee();
        ((ObjectNode) p.get("baseinfo")).put("psn_no", LI_PSN).put("certno", LI_CERTNO).put("psn_name", "李四");
        rig.flows.persons().remember(PersonJson.parse(p), "", Json.write(p), rig.clock.instant());
    }

    private static ObjectNode typedCard(String cardNo, String certno) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "03").put("mdtrt_cert_no", cardNo).put("card_sn", CARD_SN)
                .put("certno", certno);
        return input;
    }

    private static ObjectNode purchaseWith(String certType, String certNo) {
        ObjectNode buy = FlowRig.purchase("50.00", "1", "50.00", false);
        ((ObjectNode) buy.get("druginfo")).put("mdtrt_cert_type", certType).put("mdtrt_cert_no", certNo);
        return buy;
    }

    /** Offline, an ID number finds the cached person whatever the case of its X (online the centre's answer is compared ignoring case). */
    @Test
    void offlineAnIdNumberWithALowercaseXFindsTheCachedPerson(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            seedLisi(rig);
            ObjectNode input = FlowRig.JSON.createObjectNode();
            input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", LI_CERTNO.toLowerCase(Locale.ROOT))
                    .put("psn_cert_type", "01");
            JsonNode answer = rig.call("1101", input);
            assertEquals(0, answer.path("infcode").asInt(-1), "李四's own ID number, its X in lower case: " + answer);
            assertEquals(LI_PSN, answer.at("/output/baseinfo/psn_no").asText());
        }
    }

    /**
     * A card number the host typed with 李四's certno (offline, the card never seen) is recorded as
     * 李四's card; when 张三 puts that card, whose chip carries his own ID number, on the terminal's
     * reader, the terminal answers 张三 (not 李四 from the card number), and the card is his from
     * then on: 李四 is not settled on it.
     */
    @Test
    void aCardReadOnTheReaderIsNeverAnsweredWithAnotherPersonFromTheCache(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee()); // 张三, certno CERTNO, card D37150201
            seedLisi(rig);
            JsonNode typed = rig.call("1101", typedCard(NEW_CARD, LI_CERTNO)); // the cashier's slip: 李四's certno
            assertEquals(LI_PSN, typed.at("/output/baseinfo/psn_no").asText(), typed.toString());

            rig.reader.insertCard(SimulatedSocialSecurityCard.of(NEW_CARD, FlowRig.CERTNO, "张三", "1", "371502",
                    LocalDate.of(1988, 1, 1)));
            JsonNode read = rig.call("1101", IdentifyFlowTest.waiting(5));
            rig.reader.removeCard();
            assertEquals(0, read.path("infcode").asInt(-1), read.toString());
            assertEquals(FlowRig.PSN, read.at("/output/baseinfo/psn_no").asText(),
                    "the chip read on the terminal's own reader says 张三's ID number: " + read);

            ObjectNode lisiOnZhangsCard = purchaseWith("03", NEW_CARD);
            ((ObjectNode) lisiOnZhangsCard.get("druginfo")).put("psn_no", LI_PSN);
            JsonNode settled = rig.call("2102", lisiOnZhangsCard);
            assertEquals("1309", settled.path("term_errcode").asText(), "李四 settled on 张三's card: " + settled);
        }
    }

    /**
     * A host with its own card reader: offline, its 1101 with a card number this terminal never saw
     * and the card's certno is answered from the cache, and the 2102 naming that card settles.
     */
    @Test
    void offlineACardTheHostReadIsTheCardTheSettlementMayName(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            seedLisi(rig);
            JsonNode typed = rig.call("1101", typedCard(NEW_CARD, LI_CERTNO));
            assertEquals(LI_PSN, typed.at("/output/baseinfo/psn_no").asText(), typed.toString());
            ObjectNode buy = purchaseWith("03", NEW_CARD);
            ((ObjectNode) buy.get("druginfo")).put("psn_no", LI_PSN).put("card_sn", CARD_SN);
            JsonNode settled = rig.call("2102", buy);
            assertEquals(0, settled.path("infcode").asInt(-1), settled.toString());
        }
    }

    /**
     * 2102's druginfo.certno names 李四 while psn_no and the credential are 张三's: a request about
     * two people, refused 1309; his own certno (its X in either case) settles.
     */
    @Test
    void aSettlementWhoseCertnoIsAnotherPersonsIsRefused(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode buy = FlowRig.purchase("50.00", "1", "50.00", false);
            ((ObjectNode) buy.get("druginfo")).put("psn_cert_type", "01").put("certno", LI_CERTNO);
            JsonNode settled = rig.call("2102", buy);
            assertEquals("1309", settled.path("term_errcode").asText(), "李四's certno on 张三's settlement: " + settled);
            assertTrue(settled.path("err_msg").asText().contains("certno"), settled.toString());
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
            ((ObjectNode) buy.get("druginfo")).put("certno", FlowRig.CERTNO.toLowerCase(Locale.ROOT));
            assertEquals(0, rig.call("2102", buy).path("infcode").asInt(-1));
            ((ObjectNode) buy.get("druginfo")).put("psn_cert_type", "02").put("certno", "E12345678");
            assertEquals(0, rig.call("2102", buy).path("infcode").asInt(-1), "another kind of certificate: not compared");
        }
    }

    /** A credential number without its type is a missing field (1021, as in 1101), not a number taken unchecked. */
    @Test
    void aCredentialNumberWithoutItsTypeIsNotTakenUnchecked(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            JsonNode settled = rig.call("2102", purchaseWith("", LI_CERTNO));
            assertEquals("1021", settled.path("term_errcode").asText(), "李四's ID number, no type, on 张三's settlement: " + settled);
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }

    /** A person known only from a voucher: the voucher's four characters alone (given back as term_certno_tail) are no ID number. */
    @Test
    void theVouchersTailAloneIsNoIdNumber(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            JsonNode answer = IdentifyFlowTest.knownOnlyFromAVoucher(rig, "1234");
            String tail = answer.at("/output/term_certno_tail").asText();

            JsonNode settled = rig.call("2102", purchaseWith("02", tail));
            assertEquals("1309", settled.path("term_errcode").asText(), "mdtrt_cert_no \"" + tail + "\": " + settled);
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }
}
