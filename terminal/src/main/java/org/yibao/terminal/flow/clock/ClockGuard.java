package org.yibao.terminal.flow.clock;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.yibao.terminal.api.http.Call;
import org.yibao.terminal.api.http.Reply;
import org.yibao.terminal.api.http.TransactionHandler;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.store.clock.ClockConfirmation;

/**
 * Holds back the transactions that identify a person or date what they write (1101, 2101-2103,
 * 2201, 2204, 2206-2208) while the clock is behind its {@link ClockFloor}: refused 1376 with both
 * times, and nothing written. The floor is loaded at the start from what the database holds (the newest
 * claim's time and a technician's confirmation) and follows every time the clock is read and
 * trusted; when a check fails the guard looks for a confirmation made since, so a
 * {@code terminal clock confirm} made meanwhile counts at once: a new confirmation replaces the
 * floor with the stored evidence it sets aside, and without one the floor stays where the clock
 * has been (a clock set back while the service runs is held back even before any claim is
 * written). Sign-in, sign-out, 3201 and reprints are not held back: they date nothing that
 * settles money.
 */
public final class ClockGuard {
    /** The transactions held back while the clock cannot be trusted. */
    public static final Set<String> GUARDED = Set.of("1101", "2101", "2102", "2103", "2201", "2204", "2206", "2207", "2208");

    /** Reads the floor's evidence from storage. */
    public interface Evidence {
        /** The floor the stored evidence makes. */
        ClockFloor load() throws SQLException;

        /** The technician's latest confirmation, if any. */
        Optional<ClockConfirmation> confirmation() throws SQLException;
    }

    private final Evidence evidence;
    private final ZoneId zone;
    private Optional<ClockConfirmation> confirmation;
    private ClockFloor floor;

    private ClockGuard(Evidence evidence, ZoneId zone, Optional<ClockConfirmation> confirmation, ClockFloor floor) {
        this.evidence = evidence;
        this.zone = zone;
        this.confirmation = confirmation;
        this.floor = floor;
    }

    /** A guard whose floor is loaded now from {@code evidence}; times in messages are shown in {@code zone}. */
    public static ClockGuard load(Evidence evidence, ZoneId zone) throws SQLException {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(zone, "zone");
        Optional<ClockConfirmation> confirmation = evidence.confirmation();
        return new ClockGuard(evidence, zone, confirmation, evidence.load());
    }

    /** Why the clock reading {@code now} cannot be trusted; empty when it can (and the floor follows it). */
    public synchronized Optional<Refusal> check(Instant now) throws SQLException {
        if (floor.check(now, zone).isPresent()) {
            confirmedSince();
            Optional<Refusal> refused = floor.check(now, zone);
            if (refused.isPresent()) return refused;
        }
        floor = floor.seen(now);
        return Optional.empty();
    }

    /**
     * A confirmation made since the floor was loaded sets aside what the clock said before it, the
     * readings trusted since the start included: the floor is the stored evidence again. Without
     * one the floor stays: the stored claims were written after checks this guard passed, so they
     * say no more than what it has seen.
     */
    private void confirmedSince() throws SQLException {
        Optional<ClockConfirmation> latest = evidence.confirmation();
        if (latest.equals(confirmation)) return;
        confirmation = latest;
        floor = evidence.load();
    }

    /** {@code handler} held back by this guard when {@code infno} is one of {@link #GUARDED}, else itself. */
    public TransactionHandler wrap(String infno, TransactionHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!GUARDED.contains(infno)) return handler;
        return new TransactionHandler() {
            @Override
            public boolean needsSignIn() {
                return handler.needsSignIn();
            }

            @Override
            public Reply handle(Call call) throws SQLException, IOException {
                Optional<Refusal> refused = check(call.received());
                return refused.isPresent() ? new Reply.Refused(refused.get()) : handler.handle(call);
            }
        };
    }
}
