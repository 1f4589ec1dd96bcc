package org.yibao.outbox.uplink;

/** A request could not be sent because no broker session is up; the caller falls back (e.g. to its cache). */
public final class UplinkUnavailableException extends Exception {

    public UplinkUnavailableException(String message) {
        super(message);
    }
}
