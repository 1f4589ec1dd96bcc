package org.yibao.drivers.printer.internal;

import java.io.IOException;

/** An open link failed while sending or reading; the message is Chinese, for the cashier's warning. */
public final class LinkIoException extends IOException {
    private static final long serialVersionUID = 1L;

    public LinkIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
