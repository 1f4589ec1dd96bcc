package org.yibao.terminal.identity.voucher;

/** The replay store could not be opened, read or written (an I/O fault, not a refusal). */
public final class ReplayStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplayStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
