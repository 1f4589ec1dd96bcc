package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.yibao.outbox.OutboxOperator;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.provisioning.diagnostics.PersonalDataScrubber;
import org.yibao.terminal.app.BeijingTime;
import picocli.CommandLine.Option;

/**
 * What {@code terminal outbox list|retry} share: the {@code --data-dir} option and a message as
 * a person sees it - never its payload (it holds the person's name and numbers); the centre's or
 * the uplink's reason passes the same personal-data masking as the diagnostics.
 */
final class OutboxCommandSupport {
    static final String DATABASE_FILE = "terminal.db";
    static final ObjectMapper JSON = new ObjectMapper();

    /** The {@code --data-dir} option (a picocli mixin). */
    static final class DataDir {
        @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "the terminal's data folder (holds terminal.db)")
        Path dataDir;

        Path database() {
            return dataDir.resolve(DATABASE_FILE);
        }
    }

    private OutboxCommandSupport() {
    }

    /**
     * {@code message} without its payload, its times in the terminal's zone and its age at {@code now};
     * its reason masked (see {@link #reason}).
     */
    static ObjectNode json(OutboxOperator outbox, OutboxOperator.Summary message, Instant now) throws SQLException {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", message.id()).put("type", message.type()).put("lane", message.lane().name())
                .put("state", message.state().name()).put("attempts", message.attempts()).put("bytes", message.bytes())
                .put("created_at", BeijingTime.text(message.createdAt()))
                .put("age_s", Math.max(0, Duration.between(message.createdAt(), now).toSeconds()))
                .put("last_sent_at", BeijingTime.text(message.sentAt()))
                .put("answered_at", BeijingTime.text(message.answeredAt()))
                .put("result_code", message.resultCode() == null ? "" : message.resultCode())
                .put("result_reason", reason(outbox, message));
        return m;
    }

    /**
     * The centre's or the uplink's reason for {@code message}, masked as the diagnostics are, and
     * the names its payload holds ({@code psn_name}, wherever in the claim) masked wherever the
     * reason quotes them: a centre's free text may name the person without a label.
     */
    static String reason(OutboxOperator outbox, OutboxOperator.Summary message) throws SQLException {
        String reason = message.resultReason();
        if (reason == null || reason.isEmpty()) return "";
        return PersonalDataScrubber.scrub(reason, names(outbox.payload(message.id()).orElse(new byte[0])));
    }

    private static List<String> names(byte[] payload) {
        try {
            return JSON.readTree(payload).findValues("psn_name").stream().filter(JsonNode::isTextual).map(JsonNode::asText).toList();
        } catch (IOException e) {
            return List.of(); // not JSON: no name to look for; the reason is still masked by pattern
        }
    }

    /** Whether the uplink set {@code message} aside as larger than the broker accepts. */
    static boolean tooLarge(OutboxOperator.Summary message) {
        return Uplink.UNSENDABLE_CODE.equals(message.resultCode());
    }
}
