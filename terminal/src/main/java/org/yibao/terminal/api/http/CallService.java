package org.yibao.terminal.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.envelope.EnvelopeParser;
import org.yibao.terminal.api.envelope.EnvelopeReason;
import org.yibao.terminal.api.envelope.ParseOutcome;
import org.yibao.terminal.api.envelope.ParsedRequest;
import org.yibao.terminal.api.envelope.RequestEnvelope;
import org.yibao.terminal.api.envelope.ResponseWriter;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.operator.Authorised;
import org.yibao.terminal.operator.Operator;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.SignInSessions;
import org.yibao.terminal.store.idempotency.IdempotencyStore;
import org.yibao.terminal.store.idempotency.MsgidAlreadyRecordedException;
import org.yibao.terminal.store.idempotency.StoredReply;

/**
 * The local API without its transport: one request body in, one response envelope out.
 *
 * <p>Order of work, and its promises: (1) the envelope is parsed - a bad one is refused with
 * a 10xx code and nothing else happens; (2) a request whose msgid is already being handled
 * waits for that answer (at most {@link #DUPLICATE_PATIENCE}, then {@code 1010}); (3) a msgid
 * already answered gets the recorded answer byte for byte when the request is the same (its
 * sign_no included, or a new sign_no that authorises the request now), and {@code 1009} when it
 * is not - before any handler runs, so nothing settles twice; (4) an unknown infno is refused;
 * (5) the sign_no, operator and role are authorised (16xx); (6) the handler runs; a success is
 * recorded under the msgid, a refusal is not (the host may retry it). An unexpected exception
 * answers {@code 1019} and is logged; one caused by the machine ({@link HostFailures}: storage
 * full) answers its own code instead, so the cashier is told to call a technician for what it is.
 * Personal data never reaches the log: only infno, msgid and the result code do.
 */
public final class CallService {
    private static final Logger LOG = LoggerFactory.getLogger(CallService.class);

    private final EnvelopeParser parser;
    private final ResponseWriter writer;
    private final IdempotencyStore replies;
    private final HandlerRegistry handlers;
    private final Authoriser authoriser;
    private final SqliteDatabase database;
    private final Clock clock;
    /** How long a request waits for another one with its msgid to be answered before it is refused 1010. */
    static final Duration DUPLICATE_PATIENCE = Duration.ofSeconds(30);

    private final InFlightMsgids inFlight = new InFlightMsgids();

    public CallService(EnvelopeParser parser, ResponseWriter writer, IdempotencyStore replies, HandlerRegistry handlers,
                       SignInSessions sessions, SqliteDatabase database, Clock clock) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.authoriser = new Authoriser(sessions);
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A refusal envelope for a request refused before parsing (transport problems). */
    public String refusal(Refusal refusal) {
        Instant now = clock.instant();
        return writer.refusal(now, refusal);
    }

    /**
     * Runs a request's work (the msgid's recorded answer looked up, the transaction) where it
     * should run and returns its answer: the HTTP server's bounded pool. It may throw an unchecked
     * exception when it cannot (a full queue, a server stopping); that leaves {@link #call(byte[], Worker)}.
     */
    @FunctionalInterface
    public interface Worker {
        String run(Supplier<String> work);
    }

    /** Answers one request body on the caller's thread; never throws. */
    public String call(byte[] body) {
        return call(body, Supplier::get);
    }

    /**
     * Answers one request body; its work runs on {@code worker}, while parsing and waiting for the
     * answer of another request with its msgid happen on the caller's thread (so copies of a
     * request still being answered, e.g. a 1101 waiting for a card, take none of the worker's
     * threads). Never throws, except what {@code worker} throws.
     */
    public String call(byte[] body, Worker worker) {
        Instant received = clock.instant();
        ParseOutcome outcome = parser.parse(body);
        if (outcome instanceof ParseOutcome.Rejected(Refusal refusal)) {
            LOG.info("request refused before dispatch -> {}", refusal.reason().code());
            return writer.refusal(received, refusal);
        }
        ParsedRequest request = ((ParseOutcome.Parsed) outcome).request();
        String msgid = request.envelope().msgid().value();
        Optional<InFlightMsgids.Turn> turn = inFlight.enter(msgid, DUPLICATE_PATIENCE);
        if (turn.isEmpty()) return refuse(received, request, new Refusal(EnvelopeReason.MSGID_IN_PROGRESS, ""));
        try (InFlightMsgids.Turn held = turn.get()) {
            return worker.run(() -> answerOrRefuse(request, received));
        }
    }

    private String answerOrRefuse(ParsedRequest request, Instant received) {
        String msgid = request.envelope().msgid().value();
        try {
            return answer(request, received);
        } catch (SQLException | IOException | RuntimeException e) {
            Optional<Refusal> host = HostFailures.refusal(e);
            if (host.isPresent()) { // the machine's condition (a full disk), not a bug: no stack trace per request
                LOG.warn("infno={} msgid={} refused -> {} {}", request.envelope().infno(), msgid,
                        host.get().reason().code(), host.get().errMsg());
                LOG.debug("infno={} msgid={} host failure", request.envelope().infno(), msgid, e);
                return writer.refusal(received, host.get());
            }
            LOG.error("infno={} msgid={} failed inside the terminal -> {}", request.envelope().infno(), msgid,
                    EnvelopeReason.INTERNAL_ERROR.code(), e);
            return writer.refusal(received, new Refusal(EnvelopeReason.INTERNAL_ERROR, ""));
        }
    }

    private String answer(ParsedRequest request, Instant received) throws SQLException, IOException {
        RequestEnvelope envelope = request.envelope();
        Optional<StoredReply> stored = replies.find(envelope.msgid().value());
        if (stored.isPresent()) return replay(stored.get(), request, received);
        Optional<TransactionHandler> handler = handlers.find(envelope.infno());
        if (handler.isEmpty()) return refuse(received, request, new Refusal(EnvelopeReason.UNKNOWN_INFNO, envelope.infno()));
        Optional<Operator> operator = Optional.empty();
        if (handler.get().needsSignIn()) {
            switch (authoriser.authorise(envelope)) {
                case OperatorOutcome.Refused<Authorised>(Refusal refusal) -> {
                    return refuse(received, request, refusal);
                }
                case OperatorOutcome.Done<Authorised>(Authorised authorised) -> operator = Optional.of(authorised.operator());
            }
        }
        return run(handler.get(), new Call(request, received, operator, writer, replies), request, received);
    }

    private String run(TransactionHandler handler, Call call, ParsedRequest request, Instant received)
            throws SQLException, IOException {
        Reply reply;
        try {
            reply = handler.handle(call);
        } catch (RefusedException e) {
            reply = new Reply.Refused(e.refusal());
        } catch (MsgidAlreadyRecordedException e) {
            return replay(replies.find(call.envelope().msgid().value()).orElseThrow(), request, received);
        }
        return switch (reply) {
            case Reply.Refused(Refusal refusal) -> refuse(received, request, refusal);
            case Reply.Recorded(String json) -> logged(request, "0", json);
            case Reply.Unrecorded(String json) -> logged(request, "0", json);
            case Reply.Success(var output, String warn) -> recordSuccess(call, output, warn, request, received);
        };
    }

    private String recordSuccess(Call call, JsonNode output, String warn,
                                 ParsedRequest request, Instant received) throws SQLException {
        try {
            String json = database.inSharedCommit(connection -> call.recordSuccess(connection, output, warn));
            return logged(request, "0", json);
        } catch (MsgidAlreadyRecordedException e) {
            return replay(replies.find(call.envelope().msgid().value()).orElseThrow(), request, received);
        }
    }

    /**
     * The recorded answer, to the same request (its sign_no included, so also after that session
     * ended), or to the same request sent again under another sign-in that authorises it now (the
     * host signed in again after it lost the answer: it learns the purchase settled instead of
     * settling it again under a new msgid); any other request is refused 1009.
     */
    private String replay(StoredReply stored, ParsedRequest request, Instant received) throws SQLException {
        if (stored.answers(request.requestHash())) return replayed(stored, request);
        if (stored.anySessionHash().isEmpty()) { // recorded before 2026-12-06: only its own sign_no can tell
            return refuse(received, request, new Refusal(EnvelopeReason.MSGID_REUSED, "原交易 " + stored.infno()
                    + "；该应答记录于本机更新前，如为同一笔交易，请以原签到号重发取回应答，切勿换报文ID重复结算"));
        }
        if (!stored.answersInAnotherSession(request.anySessionHash())) {
            return refuse(received, request, new Refusal(EnvelopeReason.MSGID_REUSED, "原交易 " + stored.infno()));
        }
        return switch (authoriser.authorise(request.envelope())) {
            case OperatorOutcome.Refused<Authorised>(Refusal refusal) -> refuse(received, request, refusal);
            case OperatorOutcome.Done<Authorised> _ -> replayed(stored, request);
        };
    }

    private static String replayed(StoredReply stored, ParsedRequest request) {
        LOG.info("infno={} msgid={} replayed the answer recorded at {}", request.envelope().infno(),
                request.envelope().msgid(), stored.recordedAt());
        return stored.responseJson();
    }

    private String refuse(Instant received, ParsedRequest request, Refusal refusal) {
        return logged(request, refusal.reason().code(), writer.refusal(received, refusal));
    }

    private static String logged(ParsedRequest request, String code, String json) {
        LOG.info("infno={} msgid={} -> {}", request.envelope().infno(), request.envelope().msgid(), code);
        return json;
    }
}
