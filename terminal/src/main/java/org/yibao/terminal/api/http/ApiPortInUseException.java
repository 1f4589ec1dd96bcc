package org.yibao.terminal.api.http;

import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * The local API could not listen because another program (or another terminal service) holds
 * its address. Carries the address asked for: the JDK's own {@link BindException} says only
 * "Address already in use".
 */
public final class ApiPortInUseException extends BindException {
    private static final long serialVersionUID = 1L;

    private final InetSocketAddress address;

    ApiPortInUseException(InetSocketAddress address, BindException cause) {
        super("local API address " + address.getAddress().getHostAddress() + ":" + address.getPort() + " is already in use");
        initCause(cause);
        this.address = address;
    }

    /** The address (bind address and port) the API asked for. */
    public InetSocketAddress address() {
        return address;
    }

    /** Whether {@code e} is EADDRINUSE; the JDK gives no errno, only the system's message for it. */
    static boolean inUse(BindException e) {
        return e.getMessage() != null && e.getMessage().contains("already in use");
    }
}
