package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.yibao.outbox.Lane;
import org.yibao.outbox.OutboxOperator;
import org.yibao.outbox.db.MissingTableException;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.flow.clock.ClockFloor;
import org.yibao.terminal.store.clock.ClockConfirmation;
import org.yibao.terminal.store.clock.ClockConfirmations;

/** What {@code terminal clock status} and {@code confirm} read: the evidence the service's clock check uses. */
final class ClockCommandSupport {

    /** The newest claim's time and the latest confirmation, as the service reads them. */
    record Evidence(Optional<Instant> newestRecord, Optional<ClockConfirmation> confirmation) {
        ClockFloor floor() {
            return ClockFloor.of(ClockFloor.RELEASED, newestRecord, confirmation);
        }
    }

    private ClockCommandSupport() {
    }

    static Evidence read(SqliteDatabase database) throws SQLException {
        return new Evidence(newestClaim(database), ClockConfirmations.existing(database).latest());
    }

    /**
     * The newest claim's time; none in a terminal.db without an outbox, as {@code provision apply}
     * leaves it before the service's first start (the service creates the outbox then).
     */
    private static Optional<Instant> newestClaim(SqliteDatabase database) throws SQLException {
        try {
            return OutboxOperator.existing(database).newestAppendedAt(Lane.MESSAGES);
        } catch (MissingTableException e) {
            return Optional.empty();
        }
    }

    /** The clock, the evidence and the check's outcome, times in Beijing time. */
    static ObjectNode json(Instant now, Evidence evidence) {
        ZoneId zone = BeijingTime.ZONE;
        ObjectNode out = OutboxCommandSupport.JSON.createObjectNode();
        out.put("now", local(now, zone));
        out.put("newest_record", evidence.newestRecord().map(t -> local(t, zone)).orElse(""));
        out.put("confirmed_at", evidence.confirmation().map(c -> local(c.confirmedAt(), zone)).orElse(""));
        evidence.floor().check(now, zone).ifPresentOrElse(
                refusal -> out.put("trusted", false).put("term_errcode", refusal.reason().code()).put("err_msg", refusal.errMsg()),
                () -> out.put("trusted", true));
        return out;
    }

    static String local(Instant instant, ZoneId zone) {
        return org.yibao.terminal.api.envelope.Timestamps.TIME.format(instant.atZone(zone));
    }
}
