package org.yibao.terminal.identity.voucher;

/** The replay store could not be opened, read or written (an I/O fault, not a refusal). */
public final class ReplayStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean storageFull;

    public ReplayStoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** {@code storageFull}: the store's disk had no room (the fault a technician fixes by clearing space). */
    public ReplayStoreException(String message, Throwable cause, boolean storageFull) {
        super(message, cause);
        this.storageFull = storageFull;
    }

    public boolean storageFull() {
        return storageFull;
    }
}
