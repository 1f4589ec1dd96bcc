package org.yibao.terminal.flow;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.yibao.outbox.uplink.Uplink;

/** {@link CentreLink} over the MQTT v5 {@link Uplink} and its request/response helper. */
public final class UplinkCentreLink implements CentreLink {
    private final Uplink uplink;

    public UplinkCentreLink(Uplink uplink) {
        this.uplink = Objects.requireNonNull(uplink, "uplink");
    }

    @Override
    public boolean online() {
        return uplink.centreAnswering();
    }

    @Override
    public boolean connected() {
        return uplink.connected();
    }

    @Override
    public void onContact(Runnable action) {
        uplink.onCentreLost(action);
        uplink.onCentreAnswered(action);
    }

    @Override
    public Optional<byte[]> ask(String service, byte[] body, Duration timeout) {
        try {
            return Optional.ofNullable(uplink.request(service, body, timeout).get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }
}
