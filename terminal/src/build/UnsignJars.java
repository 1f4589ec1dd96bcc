import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step (run by the terminal module's pom in the package phase, after the runtime
 * libraries are copied to {@code target/lib}): rewrites every signed jar there without its
 * signature, so that the JVM can keep its classes in the AOT cache (JDK 25 leaves out every
 * class of a signed jar: "Skipping ...: Signed JAR") and does not check a digest per class at
 * start. Bouncy Castle, Paho and Eclipse Collections are signed; the terminal runs on OpenJDK,
 * which needs no signed JCE provider.
 *
 * <p>Promises: an unsigned jar is left as it is (so running it twice changes nothing); a signed
 * one keeps every entry, in order, with its time and compression, except the signature files
 * ({@code META-INF/*.SF|RSA|DSA|EC}, {@code META-INF/SIG-*}) and the manifest's per-entry
 * digest sections (its main section, e.g. {@code Multi-Release}, stays); the new jar replaces the
 * old one by an atomic rename, so a failure leaves the signed jar in place.
 *
 * <pre>java terminal/src/build/UnsignJars.java DIR</pre>
 */
public final class UnsignJars {

    private UnsignJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java UnsignJars.java DIR");
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                if (signed(jar)) {
                    unsign(jar);
                    System.out.println("[unsign] " + jar.getFileName() + ": signature removed (see UnsignJars)");
                }
            }
        }
    }

    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")
                || upper.startsWith("META-INF/SIG-");
    }

    private static boolean signed(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> isSignatureFile(e.getName()));
        }
    }

    private static void unsign(Path jar) throws IOException {
        Path tmp = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".unsigning");
        try {
            try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
                Enumeration<? extends ZipEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (!isSignatureFile(entry.getName())) {
                        copy(in, entry, out);
                    }
                }
            }
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void copy(ZipFile in, ZipEntry entry, ZipOutputStream out) throws IOException {
        byte[] data;
        try (InputStream body = in.getInputStream(entry)) {
            data = body.readAllBytes();
        }
        if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
            data = mainSectionOnly(data);
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        if (entry.getMethod() == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(data);
            copy.setMethod(ZipEntry.STORED);
            copy.setSize(data.length);
            copy.setCompressedSize(data.length);
            copy.setCrc(crc.getValue());
        }
        out.putNextEntry(copy);
        out.write(data);
        out.closeEntry();
    }

    /** The manifest with its per-entry sections (the signature's digests) left out. */
    private static byte[] mainSectionOnly(byte[] manifestBytes) throws IOException {
        Manifest manifest = new Manifest(new java.io.ByteArrayInputStream(manifestBytes));
        manifest.getEntries().clear();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = bytes) {
            manifest.write(out);
        }
        return bytes.toByteArray();
    }
}
