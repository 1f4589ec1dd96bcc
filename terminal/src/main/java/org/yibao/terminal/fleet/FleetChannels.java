package org.yibao.terminal.fleet;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.outbox.uplink.UplinkMetrics;
import org.yibao.terminal.flow.UplinkCentreLink;

/** {@link CentreChannel}s over the terminal's uplink. */
public final class FleetChannels {
    private FleetChannels() {
    }

    /** The uplink's connection state and its request/response helper. */
    public static CentreChannel over(Uplink uplink) {
        UplinkCentreLink link = new UplinkCentreLink(uplink);
        return new CentreChannel() {
            @Override
            public boolean connected() {
                return uplink.connected();
            }

            @Override
            public long connections() {
                return uplink.connections();
            }

            @Override
            public Optional<byte[]> ask(String service, byte[] body, Duration timeout) {
                return link.ask(service, body, timeout);
            }

            @Override
            public long maxPacketBytes() {
                return uplink.maxPacketBytes();
            }

            @Override
            public Optional<UplinkMetrics> metrics() {
                try {
                    return Optional.of(uplink.metrics());
                } catch (SQLException e) {
                    return Optional.empty(); // the backlog could not be read now; the report goes without the figures
                }
            }
        };
    }
}
