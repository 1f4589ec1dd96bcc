package org.yibao.outbox.uplink;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the centre behind the broker answers, from what the uplink last saw of it: a
 * connected broker says nothing about the centre. The centre is <em>answering</em> once it
 * answered a question in time (a request, the uplink's heartbeat included), <em>silent</em> from
 * the first sign that it does not answer (a request published and not answered in time; a claim
 * the broker acknowledged with "no matching subscribers") until it answers again, and
 * <em>unknown</em> at start and after a connection that was lost while it answered, which reads
 * as not answering (the connect's ping settles it in milliseconds). Acks are not hearing: the
 * broker keeps them for a session that was away, so one delivered at a connect may be hours
 * old. A question the centre was heard from after it was put is no sign when it times out (the
 * centre answered meanwhile: that question was lost, say before the centre had subscribed), and
 * a late answer to a question already given up on is not counted. Written from Paho's threads,
 * the request timer and the worker.
 */
final class CentreHearing {
    private enum State { UNKNOWN, ANSWERING, SILENT }

    private State state = State.UNKNOWN;
    private Instant silentSince;
    /** Counts questions put and hearings, in order: what a timeout is compared against. */
    private long events;
    private long lastHeard;

    /** A question is put to the centre now (a request, a publish); returns its mark for {@link #unanswered}. */
    synchronized long ask() {
        return ++events;
    }

    /** Something came from the centre: it answers. */
    synchronized void heard() {
        lastHeard = ++events;
        state = State.ANSWERING;
        silentSince = null;
    }

    /**
     * The question marked {@code asked} went unanswered, seen at {@code now}: a sign of silence
     * unless the centre was heard after it was put. The silence starts at the first such sign.
     * Returns whether this ends a spell of the centre answering (it was heard, and is silent now).
     */
    synchronized boolean unanswered(long asked, Instant now) {
        Objects.requireNonNull(now, "now");
        if (state == State.SILENT || lastHeard > asked) return false;
        boolean wasAnswering = state == State.ANSWERING;
        state = State.SILENT;
        silentSince = now;
        return wasAnswering;
    }

    /**
     * The connection to the broker was lost. Returns whether the centre was answering until
     * then; it is unknown afterwards, and a silent centre stays silent until it is heard.
     */
    synchronized boolean disconnected() {
        boolean wasAnswering = state == State.ANSWERING;
        if (wasAnswering) state = State.UNKNOWN;
        return wasAnswering;
    }

    /** Whether the centre answered since the connect, with no sign of silence after. */
    synchronized boolean answering() {
        return state == State.ANSWERING;
    }

    /** Since when the centre has been silent, or null while it is not (answering or unknown). */
    synchronized Instant silentSince() {
        return silentSince;
    }
}
