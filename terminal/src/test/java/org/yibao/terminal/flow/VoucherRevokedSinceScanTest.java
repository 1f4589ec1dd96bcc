package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.identity.trust.TrustFileReader;
import org.yibao.terminal.identity.voucher.VoucherFixtures;

/**
 * A voucher revoked after the 1101 that identified the person by it (a revocation update between
 * the scan and the settlement): the spec's step 5 is asked again when a request uses the voucher,
 * so 2102 and 2201 naming it are refused as a scan of it would be now (1520 the ecToken, 1521 the
 * holder), nothing is settled, and the person may still pay by ID number.
 */
class VoucherRevokedSinceScanTest {

    @Test
    void aTokenRevokedAfterTheScanIsRefused1520At2102And2201AndSettlesOnceLifted(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            String token = identifiedByVoucher(rig);
            rig.trust.set(trustRevoking(List.of(token), List.of()));
            Logger audit = (Logger) LoggerFactory.getLogger("org.yibao.terminal.audit.voucher");
            ListAppender<ILoggingEvent> lines = new ListAppender<>();
            lines.start();
            audit.addAppender(lines);
            JsonNode settle;
            try {
                settle = rig.call("2102", byVoucher(token));
            } finally {
                audit.detachAppender(lines);
            }
            assertEquals("1520", settle.path("term_errcode").asText(), settle.toString());
            assertEquals(-1, settle.path("infcode").asInt());
            List<String> audited = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(audited.size() == 1 && audited.getFirst().startsWith("voucher refused code=1520 ")
                    && !audited.getFirst().contains(token), "audited once, the token masked: " + audited);
            JsonNode register = rig.call("2201", registration(token));
            assertEquals("1520", register.path("term_errcode").asText(), register.toString());
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"), "nothing settled");

            rig.trust.set(VoucherFixtures.standardTrust()); // the revocation withdrawn
            JsonNode settled = rig.call("2102", byVoucher(token));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
        }
    }

    @Test
    void aHolderRevokedAfterTheScanIsRefused1521ButMayStillPayByIdNumber(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            String token = identifiedByVoucher(rig);
            rig.trust.set(trustRevoking(List.of(), List.of(FlowRig.PSN)));

            JsonNode settle = rig.call("2102", byVoucher(token));
            assertEquals("1521", settle.path("term_errcode").asText(), settle.toString());
            JsonNode byId = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false));
            assertEquals(0, byId.path("infcode").asInt(), "the spec's own message: 请改用社保卡或身份证 " + byId);
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }

    /**
     * An ecToken the host sends itself (01 with the number: a QR it decoded) is held to the
     * revocation list at 1101 as a QR on the scanner is: the token revoked 1520, its holder 1521.
     * Found by the credential review of 2026-12-05.
     */
    @Test
    void anEcTokenTheHostSendsIsRefusedAt1101WhenRevoked(@TempDir Path dir) throws Exception {
        String token = "ECT000001" + "0123456789abcdef0123456789abcdef0123";
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            centre.people.put(token, FlowRig.employee()); // the centre knows the token's holder
            ObjectNode sent = FlowRig.JSON.createObjectNode();
            sent.putObject("data").put("mdtrt_cert_type", "01").put("mdtrt_cert_no", token);

            rig.trust.set(trustRevoking(List.of(token), List.of()));
            JsonNode revoked = rig.call("1101", sent);
            assertEquals("1520", revoked.path("term_errcode").asText(), revoked.toString());
            rig.trust.set(trustRevoking(List.of(), List.of(FlowRig.PSN)));
            JsonNode holder = rig.call("1101", sent);
            assertEquals("1521", holder.path("term_errcode").asText(), holder.toString());
            rig.trust.set(VoucherFixtures.standardTrust());
            JsonNode answered = rig.call("1101", sent);
            assertEquals(0, answered.path("infcode").asInt(-1), answered.toString());
            assertEquals(FlowRig.PSN, answered.at("/output/baseinfo/psn_no").asText());
        }
    }

    /** 1101 by a voucher of the rig's employee on the scanner; returns its ecToken. */
    private static String identifiedByVoucher(FlowRig rig) throws Exception {
        rig.seed(FlowRig.employee());
        VoucherFixtures.Payload payload = VoucherFixtures.payload();
        payload.psnNo = FlowRig.PSN;
        JsonNode answer = IdentifyFlowTest.whileScanning(rig, VoucherFixtures.issue(VoucherFixtures.SM2, "sm2-1", payload));
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        return answer.at("/output/term_certinfo/mdtrt_cert_no").asText();
    }

    private static ObjectNode byVoucher(String token) {
        ObjectNode input = FlowRig.purchase("50.00", "2", "100.00", false);
        ((ObjectNode) input.get("druginfo")).put("mdtrt_cert_type", "01").put("mdtrt_cert_no", token);
        return input;
    }

    private static ObjectNode registration(String token) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310").put("mdtrt_cert_type", "01")
                .put("mdtrt_cert_no", token);
        return input;
    }

    private static org.yibao.terminal.identity.trust.TrustFile trustRevoking(List<String> tokens, List<String> psnNos) {
        String json = VoucherFixtures.trustJson(List.of(VoucherFixtures.entry("sm2-1", VoucherFixtures.SM2, 0, 9_999_999_999L)),
                tokens, psnNos);
        return TrustFileReader.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
