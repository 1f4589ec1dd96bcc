package org.yibao.terminal.store;

import org.yibao.terminal.domain.ReasonCode;

/**
 * Result codes 1960-1969, databases and files a command uses. 1960-1963: a database file a
 * command only reads ({@code --db FILE}, the {@code terminal.db} of {@code --data-dir}) cannot
 * serve it; the file is left as it was: nothing is created, written, renamed or deleted (see
 * {@link ExistingDatabase}). 1964-1966: the database a command opens to write (the terminal's
 * {@code terminal.db}) was corrupt and has just been quarantined, has a quarantined copy and no
 * database in its place, or cannot be opened. 1967: another file or folder a command was given
 * cannot be read or written. 1968: {@code demo --serve --data-dir} was given a folder that holds
 * other data (see {@code DemoSystem}). See {@link StorageFailures}.
 */
public enum DatabaseFileReason implements ReasonCode {
    NO_DATABASE("1960", "数据库文件不存在"),
    NOT_A_DATABASE("1961", "文件不是 SQLite 数据库"),
    WRONG_DATABASE("1962", "数据库中没有本命令所需的表，不是本命令所需的数据库"),
    UNREADABLE("1963", "数据库无法读取"),
    QUARANTINED_NOW("1964", "数据库已损坏或无法读取，已改名隔离保存，未删除任何数据"),
    QUARANTINED_BEFORE("1965", "数据库曾被隔离，不新建数据库（新库会从头编号上传数据，医保中心会当作重复而丢弃）"),
    CANNOT_OPEN("1966", "数据库无法打开或写入"),
    FILE_UNUSABLE("1967", "文件无法读取或写入"),
    NOT_A_DEMO_FOLDER("1968", "该目录已有其他数据，不是演示数据目录，为免覆盖，演示未使用也未改动该目录；请指定空目录或新目录");

    private final String code;
    private final String message;

    DatabaseFileReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override public String code() { return code; }

    @Override public String message() { return message; }
}
