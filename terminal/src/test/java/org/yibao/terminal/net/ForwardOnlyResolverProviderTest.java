package org.yibao.terminal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * The process resolves names forward only: an address's name is its literal, never looked up
 * (the JDK's HTTPS server asks for it before every handshake). 127.0.0.1 shows it: the JDK's own
 * resolver names it {@code localhost} from /etc/hosts.
 */
class ForwardOnlyResolverProviderTest {
    @Test
    void anAddressIsNamedByItsLiteralAndNamesStillResolve() throws Exception {
        assertEquals("127.0.0.1", InetAddress.getByAddress(new byte[] {127, 0, 0, 1}).getHostName());
        assertEquals("192.0.2.7", InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7}).getCanonicalHostName());
        assertTrue(InetAddress.getByName("localhost").isLoopbackAddress(), "forward lookups go to the JDK's resolver");
    }
}
