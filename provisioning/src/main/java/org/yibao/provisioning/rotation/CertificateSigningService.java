package org.yibao.provisioning.rotation;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.yibao.provisioning.bundle.ReferenceCa;
import org.yibao.provisioning.identity.Pem;

/**
 * The REFERENCE centre's side of certificate rotation (tests and the demo; the real centre is the
 * provincial CA): answers a {@link RenewalWire#SERVICE} request by issuing a certificate for the
 * CSR's key with {@link ReferenceCa}, after checking the CSR's signature (the device holds the
 * new key) and that its subject names the asking device (one {@code CN}, equal to the device id
 * of the request's topic, as {@link CertificateRenewal} writes it): a device cannot obtain a
 * certificate in another device's name. Register it with
 * {@code referenceCentre.handleFromDevice(RenewalWire.SERVICE, (device, body) -> service.answer(device.deviceId(), body))}.
 */
public final class CertificateSigningService {
    private final ReferenceCa ca;
    private final Duration validity;
    private final Clock clock;

    public CertificateSigningService(ReferenceCa ca, Duration validity, Clock clock) {
        this.ca = ca;
        this.validity = validity;
        this.clock = clock;
    }

    /** The answer to {@code request} from device {@code deviceId}: a certificate, or an error saying why not. */
    public byte[] answer(String deviceId, byte[] request) {
        Optional<String> csrPem = RenewalWire.csrOf(request);
        if (csrPem.isEmpty()) return RenewalWire.error("缺少 csr_pem（证书申请）");
        try {
            PKCS10CertificationRequest csr = Pem.csr(csrPem.get());
            Optional<String> named = commonName(csr);
            if (!named.equals(Optional.of(deviceId))) {
                return RenewalWire.error("证书申请的主体 " + csr.getSubject() + " 不是申请设备 " + deviceId);
            }
            Instant now = clock.instant();
            return RenewalWire.certificate(Pem.write(ca.issue(csr, now.minus(Duration.ofMinutes(5)), now.plus(validity))));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            return RenewalWire.error("无法签发：" + e.getMessage());
        }
    }

    /** The subject's single CN, empty when there is none or more than one. */
    private static Optional<String> commonName(PKCS10CertificationRequest csr) {
        RDN[] cns = csr.getSubject().getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()) return Optional.empty();
        return cns[0].getFirst().getValue() instanceof ASN1String text ? Optional.of(text.getString()) : Optional.empty();
    }
}
