package org.yibao.outbox;

/**
 * Message ids are {@code <deviceId>-<seq>}, where seq is the row's own number: a look-up by id
 * starts from the seq its id names and checks the stored id (so an id of another device id, e.g.
 * from before a re-provisioning, is found too: its seq is still its row's).
 */
final class MessageIds {

    /** Returned by {@link #seqOf} for an id that names no seq; no row has it. */
    static final long NO_SEQ = -1;

    private MessageIds() {
    }

    /** The number after the id's last '-' (1-18 ASCII digits), or {@link #NO_SEQ}. */
    static long seqOf(String id) {
        if (id == null) {
            return NO_SEQ;
        }
        int dash = id.lastIndexOf('-');
        int digits = id.length() - dash - 1;
        if (dash < 0 || digits < 1 || digits > 18) {
            return NO_SEQ;
        }
        long seq = 0;
        for (int i = dash + 1; i < id.length(); i++) {
            char ch = id.charAt(i);
            if (ch < '0' || ch > '9') {
                return NO_SEQ;
            }
            seq = seq * 10 + (ch - '0');
        }
        return seq;
    }
}
