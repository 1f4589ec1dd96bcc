package org.yibao.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
        subcommands = {ProvisionCommand.Init.class, ProvisionRootCommand.class, ProvisionApplyCommand.class, ProvisionCommand.Rollback.class, ProvisionStatusCommand.class})
public final class ProvisionCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code provision init}: makes the device key on this device and prints the CSR (PEM) and fingerprint. */
    @Command(name = "init", mixinStandardHelpOptions = true, description = "在本机生成设备密钥（0600），输出证书请求和指纹。")
    static final class Init implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data-dir", defaultValue = "/var/lib/yibao-terminal", paramLabel = "DIR",
            description = "本机数据目录（默认：${DEFAULT-VALUE}）") Path dataDir;
        @Option(names = "--alg", defaultValue = "EC", description = "EC (P-256) or SM2") String alg;
        @Option(names = "--device-id", defaultValue = "unprovisioned", description = "CN of the request") String deviceId;
        @Option(names = "--force", description = "replace an existing key (the old certificate stops working)") boolean force;

        @Override public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            KeyAlgorithm algorithm;
            try {
                algorithm = KeyAlgorithm.valueOf(alg.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--alg 须为 EC 或 SM2");
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
     * {@code provision rollback N}: makes snapshot N the configuration in force again, after
     * checking it is whole ({@link SnapshotCheck}; a damaged one is refused 1933 and nothing changes)
     * and that its certificates are still valid (an expired one is refused 1934: the uplink could
     * not connect with it).
     */
    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "切回编号为 N 的配置快照。")
    static final class Rollback implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data-dir", defaultValue = "/var/lib/yibao-terminal", paramLabel = "DIR",
            description = "本机数据目录（默认：${DEFAULT-VALUE}）") Path dataDir;
        @Parameters(paramLabel = "N") int snapshot;

        @Override public Integer call() throws IOException {
            SnapshotStore snapshots = new SnapshotStore(dataDir);
            List<Problem> damage = Files.isDirectory(snapshots.folder(snapshot))
                    ? SnapshotCheck.problems(snapshots.folder(snapshot)) : List.of();
            if (!damage.isEmpty()) {
                return CliRefusal.print(spec.commandLine(), ProvisionReason.SNAPSHOT_DAMAGED.code(),
                        ProvisionReason.SNAPSHOT_DAMAGED.message() + "：" + snapshot + "：" + described(damage));
            }
            List<Problem> expired = Files.isDirectory(snapshots.folder(snapshot))
                    ? SnapshotCheck.expired(snapshots.folder(snapshot), Instant.now()) : List.of();
            if (!expired.isEmpty()) {
                return CliRefusal.print(spec.commandLine(), ProvisionReason.SNAPSHOT_CERT_EXPIRED.code(),
                        ProvisionReason.SNAPSHOT_CERT_EXPIRED.message() + "：" + snapshot + "：" + described(expired));
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
