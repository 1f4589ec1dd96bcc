package org.yibao.outbox.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connection whose {@code prepareStatement(String)} hands out statements prepared once and
 * reused: compiling SQL is a tenth of a settlement's CPU on the device, and every store writes
 * {@code try (PreparedStatement p = c.prepareStatement(SQL))} on its hot paths.
 *
 * <p>Promises: the caller sees an ordinary statement. Its {@code close()} closes a result set
 * the caller left open, clears parameters and batch, and gives the statement back instead of
 * finalising it. A statement still in use (the same SQL prepared again before the first was
 * closed, e.g. while iterating) is never handed out twice: the second caller gets a fresh one of
 * its own. At most {@link #CAPACITY} idle statements are kept per connection (least recently
 * used first out); closing the connection closes them all. Other overloads of
 * {@code prepareStatement} and everything else go straight to the driver.
 */
final class ReusedStatements implements InvocationHandler {
    static final int CAPACITY = 128;

    private final Connection target;
    /** Guarded by {@code this}; access order, so the eldest entry is the least recently used. */
    private final Map<String, Lease> statements = new LinkedHashMap<>(64, 0.75f, true);
    private Connection proxy;

    private ReusedStatements(Connection target) {
        this.target = target;
    }

    /** {@code target} behind a proxy that reuses its prepared statements. */
    static Connection wrap(Connection target) {
        ReusedStatements handler = new ReusedStatements(target);
        handler.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        return handler.proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("prepareStatement") && args.length == 1 && args[0] instanceof String sql) {
            return prepare(sql);
        }
        if (name.equals("close") && (args == null || args.length == 0)) {
            closeAll();
        }
        return call(method, target, args);
    }

    private synchronized PreparedStatement prepare(String sql) throws SQLException {
        Lease lease = statements.get(sql);
        if (lease != null && lease.inUse) {
            return target.prepareStatement(sql);
        }
        if (lease == null || lease.statement.isClosed()) {
            lease = new Lease(target.prepareStatement(sql));
            statements.put(sql, lease);
            evictIdleBeyondCapacity();
        }
        lease.inUse = true;
        return lease.proxy;
    }

    private void evictIdleBeyondCapacity() {
        Iterator<Lease> eldest = statements.values().iterator();
        while (statements.size() > CAPACITY && eldest.hasNext()) {
            Lease lease = eldest.next();
            if (!lease.inUse) {
                eldest.remove();
                closeQuietly(lease.statement);
            }
        }
    }

    private synchronized void closeAll() {
        for (Lease lease : statements.values()) closeQuietly(lease.statement);
        statements.clear();
    }

    private synchronized void giveBack(Lease lease) throws SQLException {
        try {
            if (lease.open != null) lease.open.close();
            lease.statement.clearParameters();
            lease.statement.clearBatch();
        } catch (SQLException e) {
            statements.values().remove(lease);
            closeQuietly(lease.statement);
            throw e;
        } finally {
            lease.open = null;
            lease.inUse = false;
        }
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // the connection is closing or the statement is unusable; it is dropped either way
        }
    }

    /** One cached statement and the proxy callers hold while it is theirs. */
    private final class Lease implements InvocationHandler {
        private final PreparedStatement statement;
        private final PreparedStatement proxy;
        private boolean inUse;
        private ResultSet open;

        Lease(PreparedStatement statement) {
            this.statement = statement;
            this.proxy = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            boolean noArgs = args == null || args.length == 0;
            switch (method.getName()) {
                case "close" -> {
                    if (inUse) giveBack(this);
                    return null;
                }
                case "isClosed" -> {
                    return !inUse || statement.isClosed();
                }
                case "getConnection" -> {
                    return ReusedStatements.this.proxy;
                }
                case "executeQuery" -> {
                    if (noArgs) {
                        open = statement.executeQuery();
                        return open;
                    }
                }
                default -> {
                    // everything else is the driver's
                }
            }
            return call(method, statement, args);
        }
    }
}
