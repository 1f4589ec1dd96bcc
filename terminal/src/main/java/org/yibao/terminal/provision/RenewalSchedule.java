package org.yibao.terminal.provision;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.provisioning.rotation.CertificateRenewal;
import org.yibao.provisioning.rotation.RenewalOutcome;

/**
 * The running service's certificate check: every {@code period} (the first one after a random
 * part of it, so a fleet restarted together does not ask the centre at once) it renews the client
 * certificate when it expires within {@code threshold}, asking the centre through {@code centre}
 * (the service's uplink). When a new key and certificate are in force, {@code onRenewed} is told
 * the snapshot: {@code terminal run} then stops in order and exits for systemd to start it again
 * on the new TLS files (the outbox is on disk and untouched). A failure is logged and tried again
 * at the next period; the old credentials stay in force meanwhile.
 */
public final class RenewalSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalSchedule.class);
    /** Renew when the certificate expires within this. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofDays(30);
    /** How often the service checks. */
    public static final Duration DEFAULT_PERIOD = Duration.ofHours(6);

    /** One request to the centre; empty when it did not answer. */
    @FunctionalInterface
    public interface Centre {
        Optional<byte[]> ask(String service, byte[] body, Duration timeout);
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("certificate-renewal").unstarted(r));
    private final CertificateRenewal renewal;
    private final Centre centre;
    private final Clock clock;
    private final java.util.function.IntConsumer onRenewed;

    private RenewalSchedule(CertificateRenewal renewal, Centre centre, Clock clock, java.util.function.IntConsumer onRenewed) {
        this.renewal = renewal;
        this.centre = centre;
        this.clock = clock;
        this.onRenewed = onRenewed;
    }

    /** Starts checking the device in {@code dataDir}. */
    public static RenewalSchedule start(Path dataDir, Duration threshold, Duration period, Centre centre, Clock clock,
                                        RandomGenerator random, java.util.function.IntConsumer onRenewed) {
        RenewalSchedule schedule = new RenewalSchedule(new CertificateRenewal(dataDir, threshold), centre, clock, onRenewed);
        long first = random.nextLong(Math.max(1, period.toMillis()));
        schedule.executor.scheduleWithFixedDelay(schedule::check, first, period.toMillis(), TimeUnit.MILLISECONDS);
        return schedule;
    }

    private void check() {
        try {
            RenewalOutcome outcome = renewal.renewIfDue(clock.instant(), (service, body) ->
                    centre.ask(service, body, Duration.ofSeconds(30)).orElseThrow(() -> new TimeoutException("未连接消息服务器，或中心 30 秒内未应答")));
            switch (outcome) {
                case RenewalOutcome.NotDue n -> LOG.debug("client certificate valid until {}", n.notAfter());
                case RenewalOutcome.Failed f -> LOG.warn("certificate renewal failed, old certificate stays: {}", f.why());
                case RenewalOutcome.Renewed r -> {
                    LOG.info("client certificate renewed: snapshot {}, valid until {}", r.snapshot(), r.notAfter());
                    executor.shutdown();
                    onRenewed.accept(r.snapshot());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("certificate renewal check failed: {}", e.toString());
        }
    }

    @Override public void close() {
        executor.shutdownNow();
    }
}
