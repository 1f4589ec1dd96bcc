package org.yibao.provisioning.rotation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
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

    /**
     * A TLS file that was read but is not what it should be (not PEM, not a key, not a
     * certificate); {@link #getMessage()} says what is wrong, {@link #file()} which file.
     */
    public static final class BadTlsFile extends IOException {
        private final transient Path file;

        BadTlsFile(Path file, IOException cause) {
            super(cause.getMessage(), cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    /** Parses one PEM text. */
    private interface PemReader<T> {
        T read(String pem) throws IOException;
    }

    /**
     * The TLS files for {@code config}'s uplink; an {@link IllegalStateException} when it has no
     * TLS section. A file that cannot be read is a {@link FileSystemException} naming it (a folder
     * where the file was meant included), one that is not what it should be a {@link BadTlsFile}.
     */
    public static TlsFiles of(DeviceConfig config) throws IOException {
        DeviceConfig.Tls tls = config.uplink().tls().orElseThrow(() -> new IllegalStateException("uplink has no tls section"));
        PrivateKey key = parsed(config.resolve(tls.clientKey()), Pem::privateKey);
        X509Certificate client = parsed(config.resolve(tls.clientCert()), Pem::certificate);
        X509Certificate ca = parsed(config.resolve(tls.caCert()), Pem::certificate);
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

    private static <T> T parsed(Path file, PemReader<T> reader) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (FileSystemException e) {
            throw e;
        } catch (CharacterCodingException e) {
            throw new BadTlsFile(file, new IOException("不是 PEM 格式（含非 ASCII 字节）", e));
        } catch (IOException e) { // a folder: "Is a directory"
            throw new FileSystemException(file.toString(), null, e.getMessage());
        }
        try {
            return reader.read(text);
        } catch (IOException e) {
            throw new BadTlsFile(file, e);
        }
    }
}
