package org.yibao.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.yibao.provisioning.bundle.SnapshotCheck;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code terminal provision}: the device's identity and configuration snapshots. Exit codes:
 * 0 done, 2 refused (nothing changed; see {@link CliRefusal}) or bad usage, 1 I/O error.
 */
@Command(name = "provision", mixinStandardHelpOptions = true, description = "设备身份与配置快照。",
        subcommands = {ProvisionCommand.Init.class, ProvisionCommand.Root.class, ProvisionApplyCommand.class, ProvisionCommand.Rollback.class, ProvisionStatusCommand.class})
public final class ProvisionCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code provision init}: makes the device key on this device and prints the CSR (PEM) and fingerprint. */
    @Command(name = "init", mixinStandardHelpOptions = true, description = "在本机生成设备密钥（0600），输出证书请求和指纹。")
    static final class Init implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data-dir", defaultValue = "/var/lib/yibao-terminal", paramLabel = "DIR") Path dataDir;
        @Option(names = "--alg", defaultValue = "EC", description = "EC (P-256) or SM2") String alg;
        @Option(names = "--device-id", defaultValue = "unprovisioned", description = "CN of the request") String deviceId;
        @Option(names = "--force", description = "replace an existing key (the old certificate stops working)") boolean force;

        @Override public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            KeyAlgorithm algorithm;
            try {
                algorithm = KeyAlgorithm.valueOf(alg.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--alg: EC or SM2");
            }
            return switch (new DeviceKeyStore(dataDir).init(algorithm, force)) {
                case DeviceKeyStore.Refused(Problem problem) ->
                        CliRefusal.print(spec.commandLine(), problem.reason().code(), problem.errMsg());
                case DeviceKeyStore.Created(DeviceKey key) -> {
                    out.print(Pem.write(key.csr(deviceId)));
                    out.println("fingerprint: " + key.fingerprint());
                    yield 0;
                }
            };
        }
    }

    /**
     * {@code provision root FILE}: installs the centre's provisioning root public key (PEM, EC
     * P-256 or SM2), against which {@code provision apply} verifies bundles and the service
     * verifies fleet updates, and prints its fingerprint for the technician to read back to the
     * centre. The same key again changes nothing; another key is refused (1914) unless
     * {@code --force}; a file that is not such a key is refused (1913). Written atomically.
     */
    @Command(name = "root", mixinStandardHelpOptions = true,
            description = "安装医保中心的配置根公钥（PEM，P-256 或 SM2），provision apply 用它验证配置包；输出其指纹。")
    static final class Root implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data-dir", defaultValue = "/var/lib/yibao-terminal", paramLabel = "DIR") Path dataDir;
        @Option(names = "--force", description = "replace a different root already installed") boolean force;
        @Parameters(paramLabel = "FILE", description = "the provisioning root public key (PEM) from the centre") Path file;

        @Override public Integer call() throws IOException {
            java.security.PublicKey key;
            try {
                key = Pem.publicKey(Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII));
                if (!(key instanceof java.security.interfaces.ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                    throw new IOException("须为 P-256 或 SM2 公钥");
                }
                KeyAlgorithm.of(key);
            } catch (IOException | RuntimeException e) {
                String why = e instanceof java.nio.file.NoSuchFileException ? "文件不存在"
                        : e.getMessage() == null || e instanceof java.nio.charset.MalformedInputException ? "不是 PEM 格式的公钥" : e.getMessage();
                return CliRefusal.print(spec.commandLine(), ProvisionReason.BAD_PROVISIONING_ROOT.code(),
                        ProvisionReason.BAD_PROVISIONING_ROOT.message() + "：" + file + "：" + why);
            }
            Path target = dataDir.resolve(org.yibao.provisioning.bundle.BundleApplier.ROOT_FILE);
            String fingerprint = DeviceKey.fingerprint(key);
            if (Files.exists(target)) {
                String installed;
                try {
                    installed = DeviceKey.fingerprint(Pem.publicKey(Files.readString(target, java.nio.charset.StandardCharsets.US_ASCII)));
                } catch (IOException | RuntimeException e) {
                    installed = "";
                }
                if (!installed.equals(fingerprint) && !force) {
                    return CliRefusal.print(spec.commandLine(), ProvisionReason.ROOT_EXISTS.code(),
                            ProvisionReason.ROOT_EXISTS.message() + "：" + target + "：已安装 " + installed + "，本次为 " + fingerprint);
                }
            }
            if (!Files.exists(target) || force) {
                Files.createDirectories(target.getParent());
                org.yibao.provisioning.snapshot.AtomicFiles.write(target,
                        Pem.write(key).getBytes(java.nio.charset.StandardCharsets.US_ASCII), false);
            }
            spec.commandLine().getOut().println("provisioning root: " + target);
            spec.commandLine().getOut().println("fingerprint: " + fingerprint);
            return 0;
        }
    }

    /**
     * {@code provision rollback N}: makes snapshot N the configuration in force again, after
     * checking it is whole ({@link SnapshotCheck}; a damaged one is refused 1933 and nothing changes).
     */
    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "切回编号为 N 的配置快照。")
    static final class Rollback implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data-dir", defaultValue = "/var/lib/yibao-terminal", paramLabel = "DIR") Path dataDir;
        @Parameters(paramLabel = "N") int snapshot;

        @Override public Integer call() throws IOException {
            SnapshotStore snapshots = new SnapshotStore(dataDir);
            List<Problem> damage = Files.isDirectory(snapshots.folder(snapshot))
                    ? SnapshotCheck.problems(snapshots.folder(snapshot)) : List.of();
            if (!damage.isEmpty()) {
                return CliRefusal.print(spec.commandLine(), ProvisionReason.SNAPSHOT_DAMAGED.code(),
                        ProvisionReason.SNAPSHOT_DAMAGED.message() + "：" + snapshot + "：" + described(damage));
            }
            if (!snapshots.switchTo(snapshot)) {
                return CliRefusal.print(spec.commandLine(), ProvisionReason.NO_SNAPSHOT.code(),
                        ProvisionReason.NO_SNAPSHOT.message() + "：" + snapshot);
            }
            spec.commandLine().getOut().println("current snapshot: " + snapshot);
            return 0;
        }

        /** "config.json：…；client.pem：…". */
        private static String described(List<Problem> problems) {
            return problems.stream().map(p -> p.path() + "：" + p.why()).collect(Collectors.joining("；"));
        }
    }
}
