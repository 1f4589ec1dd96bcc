package org.yibao.terminal.api.http;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.envelope.EnvelopeParser;
import org.yibao.terminal.api.envelope.ResponseWriter;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.PasswordHasher;
import org.yibao.terminal.operator.SignInSessions;
import org.yibao.terminal.store.idempotency.IdempotencyStore;

/**
 * The local API assembled on the terminal database: operators, sign-in sessions, the msgid
 * store, the envelope parser and writer, the handler registry with 9001 and 9002 already in
 * it, and the {@link CallService}. Later work registers its handlers in {@link #handlers()}
 * (using {@link #parser()}'s mapper for output and {@link #replies()} through
 * {@link Call#recordSuccess}) and then calls {@link #start(HttpServerConfig)}.
 */
public final class LocalApi {
    private final Operators operators;
    private final SignInSessions sessions;
    private final IdempotencyStore replies;
    private final EnvelopeParser parser;
    private final HandlerRegistry handlers;
    private final CallService service;

    private LocalApi(Operators operators, SignInSessions sessions, IdempotencyStore replies, EnvelopeParser parser,
                     HandlerRegistry handlers, CallService service) {
        this.operators = operators;
        this.sessions = sessions;
        this.replies = replies;
        this.parser = parser;
        this.handlers = handlers;
        this.service = service;
    }

    /**
     * Assembles the API of institution {@code fixmedinsCode} (requests for another are refused) on
     * {@code database} with {@code hasher}, {@code lockout}, sessions lasting {@code sessionTtl},
     * {@code clock} (whose zone is the zone of every time the API writes), and
     * {@code signInNotice}: 9001's warn_msg ("" for none), asked at each sign-in (the terminal's low disk).
     */
    public static LocalApi assemble(String fixmedinsCode, SqliteDatabase database, PasswordHasher hasher, LockoutPolicy lockout,
                                    Duration sessionTtl, Clock clock, Supplier<String> signInNotice) throws SQLException {
        Objects.requireNonNull(database, "database");
        Operators operators = Operators.open(database, hasher, lockout, clock);
        SignInSessions sessions = new SignInSessions(operators, sessionTtl);
        IdempotencyStore replies = IdempotencyStore.open(database, clock);
        EnvelopeParser parser = new EnvelopeParser(fixmedinsCode);
        HandlerRegistry handlers = new HandlerRegistry()
                .register(SignInHandler.INFNO, new SignInHandler(sessions, parser.mapper(), clock, signInNotice))
                .register(SignOutHandler.INFNO, new SignOutHandler(sessions, parser.mapper(), clock));
        CallService service = new CallService(parser, new ResponseWriter(parser.mapper(), clock), replies, handlers,
                sessions, database, clock);
        return new LocalApi(operators, sessions, replies, parser, handlers, service);
    }

    public Operators operators() { return operators; }

    public SignInSessions sessions() { return sessions; }

    public IdempotencyStore replies() { return replies; }

    public EnvelopeParser parser() { return parser; }

    public HandlerRegistry handlers() { return handlers; }

    public CallService service() { return service; }

    /** Starts the HTTP server in front of {@link #service()}. */
    public TerminalHttpServer start(HttpServerConfig config) throws IOException {
        return TerminalHttpServer.start(config, service);
    }
}
