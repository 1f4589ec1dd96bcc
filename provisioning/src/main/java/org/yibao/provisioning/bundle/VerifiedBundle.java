package org.yibao.provisioning.bundle;

import java.time.Instant;
import org.yibao.provisioning.config.DeviceConfig;

/**
 * A bundle whose signature, addressee, expiry, certificates, trust file, admin and configuration
 * have all been checked: safe to write. {@code digest} (hex SHA-256 of the signed payload) names
 * it, so the same bundle applied twice is recognised.
 */
public record VerifiedBundle(DeviceConfig config, String caPem, String clientCertPem, byte[] trustFile,
                             FirstAdmin firstAdmin, Instant notAfter, Instant certificateNotAfter, String digest,
                             byte[] raw) {
}
