package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

    /** {@code message} without its payload, its times in the terminal's zone and its age at {@code now}. */
    static ObjectNode json(OutboxOperator.Summary message, Instant now) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", message.id()).put("type", message.type()).put("lane", message.lane().name())
                .put("state", message.state().name()).put("attempts", message.attempts()).put("bytes", message.bytes())
                .put("created_at", BeijingTime.text(message.createdAt()))
                .put("age_s", Math.max(0, Duration.between(message.createdAt(), now).toSeconds()))
                .put("last_sent_at", BeijingTime.text(message.sentAt()))
                .put("answered_at", BeijingTime.text(message.answeredAt()))
                .put("result_code", message.resultCode() == null ? "" : message.resultCode())
                .put("result_reason", PersonalDataScrubber.scrub(message.resultReason()));
        return m;
    }

    /** Whether the uplink set {@code message} aside as larger than the broker accepts. */
    static boolean tooLarge(OutboxOperator.Summary message) {
        return Uplink.UNSENDABLE_CODE.equals(message.resultCode());
    }
}
