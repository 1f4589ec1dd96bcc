package org.yibao.outbox.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteUpdateListener;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * How many rows of one table the commits on a database's writer connection deleted while some
 * work ran: the largest number in one commit, and how many commits there were. For purges that
 * must delete in small transactions (a settlement waiting for the writer gets in between them).
 */
public final class DeletesPerCommit {
    /** What the commits deleted: the most rows in one, and how many commits. */
    public record Seen(int largest, int commits) {
    }

    /** Work that may throw, run while the commits are watched. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private DeletesPerCommit() {
    }

    /** Runs {@code work} with {@code db}'s writer connection watched for deletes from {@code table}. */
    public static Seen during(SqliteDatabase db, String table, Work work) throws Exception {
        SQLiteConnection sqlite = db.connection().unwrap(SQLiteConnection.class);
        AtomicInteger deletedSinceCommit = new AtomicInteger();
        AtomicInteger largest = new AtomicInteger();
        AtomicInteger commits = new AtomicInteger();
        SQLiteUpdateListener deletes = (type, database, name, rowId) -> {
            if (type == SQLiteUpdateListener.Type.DELETE && name.equals(table)) deletedSinceCommit.incrementAndGet();
        };
        SQLiteCommitListener ends = new SQLiteCommitListener() {
            @Override public void onCommit() {
                largest.accumulateAndGet(deletedSinceCommit.getAndSet(0), Math::max);
                commits.incrementAndGet();
            }

            @Override public void onRollback() {
                deletedSinceCommit.set(0);
            }
        };
        sqlite.addUpdateListener(deletes);
        sqlite.addCommitListener(ends);
        try {
            work.run();
        } finally {
            sqlite.removeUpdateListener(deletes);
            sqlite.removeCommitListener(ends);
        }
        return new Seen(largest.get(), commits.get());
    }
}
