package org.yibao.terminal.provision;

import java.io.IOException;
import java.nio.file.Path;
import org.yibao.outbox.uplink.UplinkConfig;
import org.yibao.outbox.wire.Topics;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.BundleChecks;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.rotation.ProvisionedTls;
import org.yibao.terminal.domain.ReasonCode;
import org.yibao.terminal.domain.RefusedException;

/**
 * The service's uplink settings for a broker: {@code tcp://} as it is; {@code ssl://} with the
 * client certificate, key and CA of the provisioned configuration in force in the data folder
 * (after {@code provision apply}, or a certificate rotation), refused when the device is not
 * provisioned with TLS.
 */
public final class ServiceUplinkConfig {
    private ServiceUplinkConfig() {
    }

    /** The defaults of {@link UplinkConfig#of} for {@code broker}, with TLS from {@code dataDir} when {@code ssl://}. */
    public static UplinkConfig of(String broker, Topics topics, Path dataDir) throws IOException {
        if (!broker.startsWith("ssl://")) return UplinkConfig.of(broker, topics);
        DeviceConfig provisioned = new BundleApplier(dataDir, BundleChecks.STRUCTURAL).currentConfig()
                .filter(c -> c.uplink().tls().isPresent())
                .orElseThrow(() -> refused(ProvisionReason.NOT_PROVISIONED, broker + " 需要本机的证书和密钥：请先执行 provision apply"));
        try {
            return UplinkConfig.of(broker, topics, ProvisionedTls.of(provisioned));
        } catch (ProvisionedTls.BadTlsFile e) {
            throw refused(ProvisionReason.BUNDLE_BAD_CERT, e.file() + "：" + e.getMessage() + "（请重新执行 provision apply）");
        }
    }

    /** A refusal with a provisioning code ({@code terminal run} exits 2 with it; a file unreadable is 1967 elsewhere). */
    private static RefusedException refused(ProvisionReason reason, String detail) {
        return new RefusedException(new ProvisionCode(reason.code(), reason.message()), detail);
    }

    /** A provisioning outcome as the terminal's refusals carry it. */
    private record ProvisionCode(String code, String message) implements ReasonCode {
    }
}
