package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.snapshot.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code provision root FILE}: installs the centre's provisioning root public key (PEM, EC P-256
 * or SM2) at {@code DATA/trust/provisioning-root.pub.pem}, against which {@code provision apply}
 * verifies bundles and the service verifies fleet updates, and prints its fingerprint for the
 * technician to read back to the centre. The same key again changes nothing; another key is
 * refused (1914) unless {@code --force}; a file that is not such a key is refused (1913).
 * Written atomically.
 */
@Command(name = "root", mixinStandardHelpOptions = true,
        description = "安装医保中心的配置根公钥（PEM，P-256 或 SM2），provision apply 用它验证配置包；输出其指纹。")
final class ProvisionRootCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--data-dir", defaultValue = "/var/lib/yibao-terminal", paramLabel = "DIR",
            description = "本机数据目录（默认：${DEFAULT-VALUE}）") Path dataDir;
    @Option(names = "--force", description = "replace a different root already installed") boolean force;
    @Parameters(paramLabel = "FILE", description = "the provisioning root public key (PEM) from the centre") Path file;

    @Override public Integer call() throws IOException {
        PublicKey key;
        try {
            key = readRoot(file);
        } catch (IOException | RuntimeException e) {
            return CliRefusal.print(spec.commandLine(), ProvisionReason.BAD_PROVISIONING_ROOT.code(),
                    ProvisionReason.BAD_PROVISIONING_ROOT.message() + "：" + file + "：" + why(e));
        }
        Path target = dataDir.resolve(BundleApplier.ROOT_FILE);
        String fingerprint = DeviceKey.fingerprint(key);
        Optional<String> installed = installedFingerprint(target);
        if (installed.isPresent() && !installed.get().equals(fingerprint) && !force) {
            return CliRefusal.print(spec.commandLine(), ProvisionReason.ROOT_EXISTS.code(),
                    ProvisionReason.ROOT_EXISTS.message() + "：" + target + "：已安装"
                    + (installed.get().isEmpty() ? "的文件已损坏、无法读取" : " " + installed.get()) + "，本次为 " + fingerprint);
        }
        if (installed.isEmpty() || force) {
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, Pem.write(key).getBytes(StandardCharsets.US_ASCII), false);
        }
        spec.commandLine().getOut().println("provisioning root: " + target);
        spec.commandLine().getOut().println("fingerprint: " + fingerprint);
        return 0;
    }

    /** A P-256 or SM2 public key in PEM; anything else is an exception saying why. */
    private static PublicKey readRoot(Path file) throws IOException {
        PublicKey key = Pem.publicKey(Files.readString(file, StandardCharsets.US_ASCII));
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IOException("须为 P-256 或 SM2 公钥");
        }
        KeyAlgorithm.of(key);
        return key;
    }

    private static String why(Exception e) {
        if (e instanceof NoSuchFileException) return "文件不存在";
        if ("Is a directory".equals(e.getMessage())) return "是目录，不是文件"; // Files.readString on a folder
        if (e.getMessage() == null || e instanceof MalformedInputException) return "不是 PEM 格式的公钥";
        return e.getMessage();
    }

    /** The fingerprint of the root already installed; "" when that file is not a key; empty when none is. */
    private static Optional<String> installedFingerprint(Path target) {
        if (!Files.exists(target)) return Optional.empty();
        try {
            return Optional.of(DeviceKey.fingerprint(Pem.publicKey(Files.readString(target, StandardCharsets.US_ASCII))));
        } catch (IOException | RuntimeException e) {
            return Optional.of("");
        }
    }
}
