package org.yibao.provisioning.rotation;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.yibao.provisioning.bundle.ReferenceCa;
import org.yibao.provisioning.identity.Pem;

/**
 * The REFERENCE centre's side of certificate rotation (tests and the demo; the real centre is the
 * provincial CA): answers a {@link RenewalWire#SERVICE} request by issuing a certificate for the
 * CSR's key with {@link ReferenceCa}, after checking the CSR's signature (the device holds the
 * new key). Register it with {@code referenceCentre.handle(RenewalWire.SERVICE, service)}.
 */
public final class CertificateSigningService implements UnaryOperator<byte[]> {
    private final ReferenceCa ca;
    private final Duration validity;
    private final Clock clock;

    public CertificateSigningService(ReferenceCa ca, Duration validity, Clock clock) {
        this.ca = ca;
        this.validity = validity;
        this.clock = clock;
    }

    @Override public byte[] apply(byte[] request) {
        Optional<String> csrPem = RenewalWire.csrOf(request);
        if (csrPem.isEmpty()) return RenewalWire.error("csr_pem is required");
        try {
            Instant now = clock.instant();
            return RenewalWire.certificate(Pem.write(ca.issue(Pem.csr(csrPem.get()), now.minus(Duration.ofMinutes(5)), now.plus(validity))));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            return RenewalWire.error("cannot issue: " + e.getMessage());
        }
    }
}
