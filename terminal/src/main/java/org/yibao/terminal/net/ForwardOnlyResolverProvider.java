package org.yibao.terminal.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * The terminal's name resolution: names to addresses as the JDK's own resolver does them (the
 * broker's name), and no address-to-name (reverse, PTR) lookups at all, which the terminal never
 * needs. The JDK's HTTPS server asks for the name of every host that connects before its
 * handshake, uncached; with the pharmacy's internet down, a router that forwards the question
 * upstream held each new HTTPS connection from the POS for the resolver's timeout (2-10 s and
 * more). An address's name is now its literal, at once. Installed for the whole process through
 * {@code META-INF/services/java.net.spi.InetAddressResolverProvider}.
 */
public final class ForwardOnlyResolverProvider extends InetAddressResolverProvider {
    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                throw new UnknownHostException("reverse lookups are not made");
            }
        };
    }

    @Override
    public String name() {
        return "yibao-forward-only";
    }
}
