package org.yibao.terminal.centre;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.StoredClaim;

/**
 * The diagnostics zips devices uploaded: their {@code fleet.diagnostics} reports in the
 * reference centre's store (one per {@code diagnostics} command; the zip base64 in
 * {@code zip_base64}, or none when the device refused it, {@code zip_status} REFUSED).
 */
public final class UploadedDiagnostics {
    /** The report type a device sends for a {@code diagnostics} command. */
    public static final String TYPE = "fleet.diagnostics";
    /** How many of a device's reports are looked through for a given command's. */
    static final int SEARCHED = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One report: the message id it came in, the command it answers ({@code update_id}), its
     * {@code zip_status} (COMPLETE, TRIMMED or REFUSED), the zip when one was sent, and the
     * device's reason when it was not.
     */
    public record Report(String messageId, String device, String updateId, String zipStatus, Optional<byte[]> zip,
                         String reason) {
    }

    /** Why a stored report could not be read. */
    public static final class UnreadableReport extends Exception {
        UnreadableReport(String messageId, String why) {
            super("诊断报告 " + messageId + " 无法读取：" + why);
        }
    }

    private UploadedDiagnostics() {
    }

    /**
     * The newest report of {@code device}, or with {@code updateId} the one answering that command
     * (among the device's newest {@value #SEARCHED}); empty when there is none.
     */
    public static Optional<Report> find(ClaimStore store, String device, Optional<String> updateId)
            throws SQLException, UnreadableReport {
        List<StoredClaim> newest = store.newestAccepted(device, TYPE, updateId.isPresent() ? SEARCHED : 1);
        for (StoredClaim claim : newest) {
            Report report = read(claim);
            if (updateId.isEmpty() || updateId.get().equals(report.updateId())) {
                return Optional.of(report);
            }
        }
        return Optional.empty();
    }

    static Report read(StoredClaim claim) throws UnreadableReport {
        JsonNode root;
        try {
            root = JSON.readTree(claim.payload());
        } catch (IOException e) {
            throw new UnreadableReport(claim.id(), "不是 JSON");
        }
        if (root == null || !root.isObject()) throw new UnreadableReport(claim.id(), "不是 JSON 对象");
        Optional<byte[]> zip = Optional.empty();
        if (root.hasNonNull("zip_base64")) {
            try {
                zip = Optional.of(Base64.getDecoder().decode(root.path("zip_base64").asText()));
            } catch (IllegalArgumentException e) {
                throw new UnreadableReport(claim.id(), "zip_base64 不是 base64");
            }
        }
        return new Report(claim.id(), claim.device(), root.path("update_id").asText(""), root.path("zip_status").asText(""),
                zip, root.path("reason").asText(""));
    }
}
