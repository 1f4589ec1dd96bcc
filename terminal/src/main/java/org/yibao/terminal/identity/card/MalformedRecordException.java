package org.yibao.terminal.identity.card;

/** A card record that does not follow the spec's layout; the message names the record, never its value. */
final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRecordException(String what) {
        super(what);
    }
}
