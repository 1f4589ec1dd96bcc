package org.yibao.provisioning.rotation;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.yibao.outbox.uplink.TlsFiles;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.BundleChecks;

/**
 * Rotates the client certificate of a running uplink: asks {@link CertificateRenewal} (over the
 * uplink in use), and when a new snapshot is in force stops that uplink and starts a new one on
 * the new TLS files with {@code starter} (the same outbox: nothing in the backlog is touched; the
 * new uplink publishes again whatever was sent but not answered). The old uplink is stopped
 * before the new one connects, as both use the device id as MQTT client id.
 */
public final class UplinkRotation implements AutoCloseable {
    private final CertificateRenewal renewal;
    private final Function<TlsFiles, Uplink> starter;
    private final Duration askTimeout;
    private final AtomicReference<Uplink> current;
    private final java.nio.file.Path dataDir;

    /** Starts the uplink on the TLS files of the configuration in force in {@code dataDir}. */
    public UplinkRotation(java.nio.file.Path dataDir, Duration threshold, Duration askTimeout, Function<TlsFiles, Uplink> starter)
            throws IOException {
        this.dataDir = dataDir;
        this.renewal = new CertificateRenewal(dataDir, threshold);
        this.starter = Objects.requireNonNull(starter, "starter");
        this.askTimeout = askTimeout;
        this.current = new AtomicReference<>(starter.apply(tlsInForce()));
    }

    /** The uplink in use now. */
    public Uplink uplink() {
        return current.get();
    }

    /** Renews when due at {@code now} and switches the uplink to the new files. */
    public RenewalOutcome rotateIfDue(Instant now) throws IOException {
        RenewalOutcome outcome = renewal.renewIfDue(now, (service, body) ->
                current.get().request(service, body, askTimeout).get(askTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS));
        if (outcome instanceof RenewalOutcome.Renewed) {
            TlsFiles files = tlsInForce();
            Uplink old = current.get();
            old.close();
            current.set(starter.apply(files));
        }
        return outcome;
    }

    private TlsFiles tlsInForce() throws IOException {
        return ProvisionedTls.of(new BundleApplier(dataDir, BundleChecks.STRUCTURAL).currentConfig()
                .orElseThrow(() -> new IllegalStateException("not provisioned")));
    }

    @Override public void close() {
        current.get().close();
    }
}
