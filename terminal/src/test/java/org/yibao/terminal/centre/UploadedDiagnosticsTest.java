package org.yibao.terminal.centre;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.yibao.outbox.centre.StoredClaim;

/** Reading a stored fleet.diagnostics report: the zip, a refusal, and payloads that are not reports. */
class UploadedDiagnosticsTest {

    @Test
    void readsTheZipOrTheRefusalAndTheCommandItAnswers() throws Exception {
        UploadedDiagnostics.Report sent = UploadedDiagnostics.read(stored(
                "{\"update_id\":\"device/T01/4\",\"zip_status\":\"TRIMMED\",\"zip_base64\":\"UEsDBA==\"}"));
        assertEquals("device/T01/4", sent.updateId());
        assertEquals("TRIMMED", sent.zipStatus());
        assertArrayEquals(new byte[] {'P', 'K', 3, 4}, sent.zip().orElseThrow());

        UploadedDiagnostics.Report refused = UploadedDiagnostics.read(stored(
                "{\"update_id\":\"device/T01/5\",\"zip_status\":\"REFUSED\",\"term_errcode\":\"1951\",\"reason\":\"诊断包超过上限\"}"));
        assertTrue(refused.zip().isEmpty());
        assertEquals("诊断包超过上限", refused.reason());
    }

    @Test
    void aPayloadThatIsNotAReportIsAClearErrorNamingTheMessage() {
        for (String payload : new String[] {"not json", "[1,2]", "{\"zip_base64\":\"***\"}"}) {
            UploadedDiagnostics.UnreadableReport e = assertThrows(UploadedDiagnostics.UnreadableReport.class,
                    () -> UploadedDiagnostics.read(stored(payload)), payload);
            assertTrue(e.getMessage().contains("T01-9") && e.getMessage().contains("无法读取"), e.getMessage());
        }
    }

    private static StoredClaim stored(String payload) {
        return new StoredClaim("T01-9", "T01", UploadedDiagnostics.TYPE, null, payload.getBytes(UTF_8), 1, "ACCEPTED", "0", "", 1, "c1");
    }
}
