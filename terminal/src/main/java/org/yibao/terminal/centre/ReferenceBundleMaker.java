package org.yibao.terminal.centre;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.yibao.provisioning.bundle.BundleVerdict;
import org.yibao.provisioning.bundle.BundleVerifier;
import org.yibao.provisioning.bundle.ReferenceCa;
import org.yibao.provisioning.bundle.RootSigningKey;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.identity.Bc;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.provision.TerminalBundleChecks;

/**
 * The REFERENCE centre's provisioning bundle for one device (tests and the test bench, never
 * production): issues the device's client certificate from its {@code provision init} request
 * with the {@link ReferenceCa} (subject {@code CN=device_id, O=yibao-terminal}), adds the
 * addressee, times and certificates to the centre's content, signs it with the provisioning
 * root, then verifies the result with the device's own {@link BundleVerifier} and checks (as a
 * first apply on that key sees it), so a bundle {@code provision apply} would refuse is never
 * handed out: it is refused here with the device's reason inside.
 */
public final class ReferenceBundleMaker {
    /** Where the verifier pretends the device keeps its data; only written into the checked configuration. */
    private static final Path DEVICE_DATA = Path.of("/var/lib/yibao-terminal");

    private final ReferenceCa ca;
    private final RootSigningKey root;
    private final Duration certificateValidity;

    public ReferenceBundleMaker(ReferenceCa ca, RootSigningKey root, Duration certificateValidity) {
        this.ca = ca;
        this.root = root;
        this.certificateValidity = certificateValidity;
    }

    /** A made bundle or why not. */
    public sealed interface Result {
        /** The bundle file's bytes, for the device with key fingerprint {@code deviceFingerprint}. */
        record Made(byte[] bundle, String deviceFingerprint, X509Certificate clientCertificate) implements Result {
        }

        /** Nothing made. */
        record Refused(Refusal refusal) implements Result {
        }
    }

    /**
     * The bundle for the device that made {@code csrPem}, carrying {@code content} (the payload's
     * centre-chosen fields: device_id, institution, brokers, trust_file, versions, limits, api,
     * first_admin, optional mode) issued at {@code now}, valid until {@code notAfter}.
     */
    public Result make(String csrPem, ObjectNode content, Instant now, Instant notAfter) {
        PKCS10CertificationRequest csr;
        PublicKey deviceKey;
        KeyAlgorithm algorithm;
        try {
            csr = Pem.csr(csrPem);
            deviceKey = new JcaPKCS10CertificationRequest(csr).setProvider(Bc.provider()).getPublicKey();
            algorithm = KeyAlgorithm.of(deviceKey);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return refused(CentreReason.CSR_INVALID, "须为 provision init 输出的 PEM 证书申请（P-256 或 SM2 密钥）");
        }
        X509Certificate certificate;
        try {
            certificate = ca.issue(csr, subject(content.path("device_id").asText("")), now.minus(Duration.ofMinutes(5)),
                    now.plus(certificateValidity));
        } catch (IllegalArgumentException e) {
            return refused(CentreReason.CSR_INVALID, e.getMessage());
        }
        ObjectNode payload = content.deepCopy();
        payload.put("device_fingerprint", DeviceKey.fingerprint(deviceKey));
        payload.put("issued_at", now.toString());
        payload.put("not_after", notAfter.toString());
        payload.put("ca_cert_pem", Pem.write(ca.certificate()));
        payload.put("client_cert_pem", Pem.write(certificate));
        byte[] bundle = root.sign(payload.toString().getBytes(StandardCharsets.UTF_8));
        BundleVerifier deviceSide = new BundleVerifier(root.publicKey(), new DeviceKey(new KeyPair(deviceKey, null), algorithm),
                Optional.empty(), Optional.empty(), DEVICE_DATA, new TerminalBundleChecks());
        return switch (deviceSide.verify(bundle, now)) {
            case BundleVerdict.Refused(List<Problem> problems) ->
                    refused(CentreReason.BUNDLE_INPUT_INVALID, "provision apply 将拒绝：" + problems.getFirst().text());
            case BundleVerdict.Verified(var verified) -> {
                verified.firstAdmin().wipe();
                yield new Result.Made(bundle, DeviceKey.fingerprint(deviceKey), certificate);
            }
        };
    }

    private static X500Name subject(String deviceId) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, deviceId).addRDN(BCStyle.O, "yibao-terminal").build();
    }

    private static Result refused(CentreReason reason, String detail) {
        return new Result.Refused(new Refusal(reason, detail));
    }
}
