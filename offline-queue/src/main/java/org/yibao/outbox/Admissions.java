package org.yibao.outbox;

/** The admission rule, free of I/O: given the lane's backlog, may one more message come in? */
final class Admissions {

    private Admissions() {
    }

    static Admission decide(OutboxPolicy policy, MessageClass messageClass, BacklogStats backlog, int payloadBytes) {
        if (messageClass.lane() == Lane.CONTROL) {
            return backlog.count() >= policy.controlMaxCount()
                    ? new Refused(RefusalReason.HARD_LIMIT, "control backlog " + backlog.count() + " >= " + policy.controlMaxCount())
                    : Admission.ADMITTED;
        }
        if (backlog.count() >= policy.hardMaxCount()) {
            return new Refused(RefusalReason.HARD_LIMIT, "backlog " + backlog.count() + " >= hard limit " + policy.hardMaxCount());
        }
        if (backlog.bytes() + payloadBytes > policy.hardMaxBytes()) {
            return new Refused(RefusalReason.HARD_LIMIT, "backlog " + backlog.bytes() + " + " + payloadBytes
                    + " bytes > hard limit " + policy.hardMaxBytes());
        }
        if (!messageClass.heldByBacklog()) {
            return Admission.ADMITTED;
        }
        if (backlog.count() >= policy.softMaxCount()) {
            return new Refused(RefusalReason.BACKLOG_COUNT, "backlog " + backlog.count() + " >= limit " + policy.softMaxCount());
        }
        if (backlog.bytes() + payloadBytes > policy.softMaxBytes()) {
            return new Refused(RefusalReason.BACKLOG_BYTES, "backlog " + backlog.bytes() + " + " + payloadBytes
                    + " bytes > limit " + policy.softMaxBytes());
        }
        if (backlog.oldestAge().compareTo(policy.maxOldestAge()) > 0) { // older than the limit (DESIGN.md), as max_hours
            return new Refused(RefusalReason.BACKLOG_AGE, "oldest unacknowledged message is " + backlog.oldestAge()
                    + " old > limit " + policy.maxOldestAge());
        }
        return Admission.ADMITTED;
    }
}
