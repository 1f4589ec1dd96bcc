package org.yibao.terminal.store;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Result codes 1960-1969: a database file a command only reads ({@code --db FILE}, the
 * {@code terminal.db} of {@code --data-dir}) cannot serve it. The file is left as it was:
 * nothing is created, written, renamed or deleted (see {@link ExistingDatabase}).
 */
public enum DatabaseFileReason implements ReasonCode {
    NO_DATABASE("1960", "数据库文件不存在"),
    NOT_A_DATABASE("1961", "文件不是 SQLite 数据库"),
    WRONG_DATABASE("1962", "数据库中没有本命令所需的表，不是本命令所需的数据库"),
    UNREADABLE("1963", "数据库无法读取");

    private final String code;
    private final String message;

    DatabaseFileReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override public String code() { return code; }

    @Override public String message() { return message; }
}
