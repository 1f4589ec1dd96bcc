package org.yibao.terminal.app;

import java.time.Duration;
import java.util.Optional;
import org.yibao.provisioning.config.DeviceConfig;

/**
 * How long a printed receipt is kept for reprint, from a device configuration's
 * {@code retention.receipt_days} (the section's other figure, {@code acked_claim_days}, is the
 * outbox's: {@link OutboxLimits}). The running service applies it hourly
 * ({@code ReceiptPurge}); a receipt never printed is kept however old, and a 2103/2208 after it
 * is gone prints its receipt from the settlement's record.
 */
public final class ReceiptRetention {
    /** How long a printed receipt is kept when no configuration says: 180 days. */
    public static final Duration DEFAULT = Duration.ofDays(180);

    private ReceiptRetention() {
    }

    /** {@code retention.receipt_days}, else {@link #DEFAULT}. */
    public static Duration of(Optional<DeviceConfig.Retention> retention) {
        return retention.map(r -> Duration.ofDays(r.receiptDays())).orElse(DEFAULT);
    }
}
