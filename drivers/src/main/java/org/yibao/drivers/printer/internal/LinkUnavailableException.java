package org.yibao.drivers.printer.internal;

import java.io.IOException;

/** The printer could not be reached (refused, absent device, no route): it is offline. */
public final class LinkUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public LinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
