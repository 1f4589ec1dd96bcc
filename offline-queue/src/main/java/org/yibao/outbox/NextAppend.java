package org.yibao.outbox;

/**
 * What an append reads before it writes, in one statement inside the caller's transaction: the
 * lane's backlog for admission, the seq the new row will take, the running totals it will build
 * on, and whether it is its order key's head (no earlier unanswered message with that key).
 */
record NextAppend(BacklogStats backlog, long seq, RunningTotals totals, boolean head) {
}
