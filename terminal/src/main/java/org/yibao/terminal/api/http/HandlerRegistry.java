package org.yibao.terminal.api.http;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** infno -> {@link TransactionHandler}. One handler per infno; later work registers its own. Thread-safe. */
public final class HandlerRegistry {
    private final Map<String, TransactionHandler> handlers = new ConcurrentHashMap<>();

    /** Registers {@code handler} for {@code infno}; throws when that infno already has one. */
    public HandlerRegistry register(String infno, TransactionHandler handler) {
        Objects.requireNonNull(infno, "infno");
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(infno, handler) != null) {
            throw new IllegalStateException("a handler is already registered for infno " + infno);
        }
        return this;
    }

    /** The handler of {@code infno}, if any. */
    public Optional<TransactionHandler> find(String infno) {
        return Optional.ofNullable(handlers.get(infno));
    }

    /** The registered infnos, sorted. */
    public Set<String> infnos() {
        return new TreeSet<>(handlers.keySet());
    }
}
