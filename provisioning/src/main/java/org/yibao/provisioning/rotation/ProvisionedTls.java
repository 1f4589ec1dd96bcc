package org.yibao.provisioning.rotation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.yibao.outbox.uplink.TlsFiles;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.snapshot.AtomicFiles;

/**
 * The uplink's TLS files for a provisioned configuration: the PEM CA, client certificate and
 * client key the configuration names become the PKCS#12 key and trust stores {@link TlsFiles}
 * reads (at every connect), written 0600 under {@code <data>/tls/} and named by the client
 * key's fingerprint, so the stores of a rotated key never overwrite those the running uplink
 * still uses. The stores have an empty password: the key is protected by the file mode, as the
 * PEM key beside it is.
 */
public final class ProvisionedTls {
    private ProvisionedTls() {
    }

    /** The TLS files for {@code config}'s uplink; an {@link IllegalStateException} when it has no TLS section. */
    public static TlsFiles of(DeviceConfig config) throws IOException {
        DeviceConfig.Tls tls = config.uplink().tls().orElseThrow(() -> new IllegalStateException("uplink has no tls section"));
        PrivateKey key = Pem.privateKey(read(config.resolve(tls.clientKey())));
        X509Certificate client = Pem.certificate(read(config.resolve(tls.clientCert())));
        X509Certificate ca = Pem.certificate(read(config.resolve(tls.caCert())));
        String name = DeviceKey.fingerprint(client.getPublicKey()).substring(0, 16);
        Path dir = config.dataDir().resolve("tls");
        Files.createDirectories(dir);
        Path keyStore = dir.resolve(name + "-client.p12");
        Path trustStore = dir.resolve(name + "-ca.p12");
        try {
            AtomicFiles.write(keyStore, store(s -> s.setKeyEntry("device", key, new char[0], new Certificate[] {client})), true);
            AtomicFiles.write(trustStore, store(s -> s.setCertificateEntry("ca", ca)), true);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the TLS stores: " + e.getMessage(), e);
        }
        return new TlsFiles(keyStore, new char[0], trustStore, new char[0]);
    }

    private interface Filler {
        void fill(KeyStore store) throws GeneralSecurityException;
    }

    private static byte[] store(Filler filler) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        filler.fill(store);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, new char[0]);
        return out.toByteArray();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }
}
