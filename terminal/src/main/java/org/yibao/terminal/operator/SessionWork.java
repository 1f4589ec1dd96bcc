package org.yibao.terminal.operator;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done in the same transaction as a sign-in or sign-out, such as recording the answer
 * under its msgid, so that both commit together or not at all.
 *
 * @param <S> what was signed in or out
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SessionWork<S, T> {
    T run(Connection connection, S subject) throws SQLException;
}
