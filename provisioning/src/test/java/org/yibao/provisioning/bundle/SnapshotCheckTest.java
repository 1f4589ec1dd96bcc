package org.yibao.provisioning.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.snapshot.SnapshotStore;

/**
 * Whether a kept snapshot may be put in force again by {@code provision rollback}: a whole one
 * passes, and each kind of damage is named by its file, so the technician is refused before the
 * switch rather than left with a terminal that cannot start.
 */
class SnapshotCheckTest {
    @TempDir Path data;
    BundleRig rig;
    Path snapshot;

    @BeforeEach
    void oneAppliedBundle() throws Exception {
        rig = new BundleRig(data, KeyAlgorithm.EC);
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b1")), BundleRig.NOW));
        snapshot = new SnapshotStore(data).folder(1);
    }

    private static List<String> files(List<Problem> problems) {
        problems.forEach(p -> assertEquals(ProvisionReason.SNAPSHOT_DAMAGED, p.reason(), p.text()));
        return problems.stream().map(Problem::path).toList();
    }

    @Test
    void aWholeSnapshotHasNoProblem() {
        assertEquals(List.of(), SnapshotCheck.problems(snapshot));
    }

    @Test
    void everyMissingFileIsNamed() throws Exception {
        try (Stream<Path> all = Files.list(snapshot)) {
            for (Path file : all.toList()) Files.delete(file);
        }
        assertEquals(List.of("config.json", "ca.pem", "client.pem", "voucher-trust.json", "bundle.json"),
                files(SnapshotCheck.problems(snapshot)));
        assertEquals("文件缺失", SnapshotCheck.problems(snapshot).getFirst().why());
    }

    @Test
    void aDamagedCertificateJsonOrConfigurationIsNamed() throws Exception {
        Files.writeString(snapshot.resolve("client.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Files.writeString(snapshot.resolve("voucher-trust.json"), "[1, 2]");
        Files.writeString(snapshot.resolve("bundle.json"), "{\"format\":");
        assertEquals(List.of("client.pem", "voucher-trust.json", "bundle.json"), files(SnapshotCheck.problems(snapshot)));
        Files.writeString(snapshot.resolve("config.json"), "{}");
        assertEquals("config.json", SnapshotCheck.problems(snapshot).getFirst().path());
    }

    /** A renewal's own key, named inside the snapshot by its configuration, must be there and belong to its client.pem. */
    @Test
    void aClientKeyKeptInTheSnapshotMustBeThereAndMatchItsCertificate() throws Exception {
        Path config = snapshot.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("keys/device.key", "current/client.key"));
        assertEquals(List.of("client.key"), files(SnapshotCheck.problems(snapshot)), "missing");

        Files.writeString(snapshot.resolve("client.key"), Pem.write(rig.device.pair().getPrivate()));
        assertEquals(List.of(), SnapshotCheck.problems(snapshot), "the certificate's own key");

        Files.writeString(snapshot.resolve("client.key"), Pem.write(DeviceKey.generate(KeyAlgorithm.EC).pair().getPrivate()));
        List<Problem> other = SnapshotCheck.problems(snapshot);
        assertEquals(List.of("client.key"), files(other));
        assertEquals("不是 client.pem 证书的私钥", other.getFirst().why());

        Files.writeString(snapshot.resolve("client.key"), "not a key");
        assertEquals("私钥无法读取", SnapshotCheck.problems(snapshot).getFirst().why());
    }

    @Test
    void aCertificateIsExpiredOnlyAfterItsLastValidInstant() throws Exception {
        var client = Pem.certificate(Files.readString(snapshot.resolve("client.pem")));
        var lastValid = client.getNotAfter().toInstant();
        assertEquals(List.of(), SnapshotCheck.expired(snapshot, lastValid));
        List<Problem> expired = SnapshotCheck.expired(snapshot, lastValid.plus(Duration.ofSeconds(1)));
        assertEquals(List.of("client.pem"), expired.stream().map(Problem::path).toList());
        assertEquals(ProvisionReason.SNAPSHOT_CERT_EXPIRED, expired.getFirst().reason());
    }
}
